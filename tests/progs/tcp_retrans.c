/* Workload for tcpretrans (and tcpdrop): one loopback connection whose segments are lost on
 * purpose, so that the sender retransmits.
 *
 *   tcp_retrans [-6] [-a] [-p PORT] [-n RETRANSMITS]
 *
 * The server (this process) listens on 127.0.0.1:PORT (or ::1 with -6; PORT 0 = any) and
 * prints "bound PORT PID"; a client socket in the same process connects and the accepted
 * socket gets a classic socket filter that drops every packet (SO_ATTACH_FILTER, "ret #0"):
 * the kernel discards them in tcp_v4_rcv/tcp_v6_rcv, no ACK comes back, and the client's
 * byte is retransmitted by the kernel's timers (tail loss probe, then RTO). Once the client's
 * TCP_INFO counts RETRANSMITS (default 2) the filter is removed, the next retransmit gets
 * through, and the server reads the byte. It prints "retrans LPORT PORT TOTAL" (the client's
 * local port and tcpi_total_retrans after the byte was acknowledged) and closes both ends.
 * No netem, no firewall, no namespace: works in busybox guests and on every kernel from 4.14.
 * With -a the filter goes on the client's socket instead: the server gets the byte but its ACKs
 * are dropped, so every retransmit reaches the server as old data, which TCP itself drops
 * (tcp_drop before 5.19, reason TCP_OLD_DATA after): a workload for tcpdrop.
 * Gives up (exit 1) after 30 s. */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/filter.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "tcp_loopback.h"

static void die(const char *what)
{
	fprintf(stderr, "tcp_retrans: %s: %s\n", what, strerror(errno));
	exit(1);
}

static struct tcp_info info_of(int fd)
{
	struct tcp_info ti;
	socklen_t len = sizeof(ti);

	memset(&ti, 0, sizeof(ti));
	if (getsockopt(fd, IPPROTO_TCP, TCP_INFO, &ti, &len))
		die("TCP_INFO");
	return ti;
}

static void nap_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

int main(int argc, char **argv)
{
	/* a classic BPF program of one instruction: accept 0 bytes of the packet = drop it */
	struct sock_filter drop_all[] = { BPF_STMT(BPF_RET | BPF_K, 0) };
	struct sock_fprog prog = { 1, drop_all };
	struct sockaddr_storage ss;
	int opt, port = 0, want = 2, one = 1, lfd, cfd, sfd, polls, acks = 0, dropper;
	socklen_t len;
	char c;

	while ((opt = getopt(argc, argv, "6ap:n:")) != -1) {
		switch (opt) {
		case '6': family = AF_INET6; break;
		case 'a': acks = 1; break;
		case 'p': port = atoi(optarg); break;
		case 'n': want = atoi(optarg); break;
		default:
			fprintf(stderr, "usage: tcp_retrans [-6] [-a] [-p PORT] [-n RETRANSMITS]\n");
			return 2;
		}
	}
	alarm(30);
	if ((lfd = socket(family, SOCK_STREAM, 0)) < 0)
		die("socket");
	setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	len = loopback(&ss, port);
	if (bind(lfd, (struct sockaddr *)&ss, len) || listen(lfd, 1))
		die("bind/listen");
	port = port_of(lfd);
	len = loopback(&ss, port);
	printf("bound %d %d\n", port, (int)getpid());
	fflush(stdout);

	if ((cfd = socket(family, SOCK_STREAM, 0)) < 0)
		die("socket");
	/* one byte a segment, sent at once: the retransmitted segment is that byte alone */
	setsockopt(cfd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	if (connect(cfd, (struct sockaddr *)&ss, len))
		die("connect");
	if ((sfd = accept(lfd, NULL, NULL)) < 0)
		die("accept");
	dropper = acks ? cfd : sfd;
	if (setsockopt(dropper, SOL_SOCKET, SO_ATTACH_FILTER, &prog, sizeof(prog)))
		die("SO_ATTACH_FILTER");
	if (write(cfd, "x", 1) != 1)
		die("write");
	/* the kernel's retransmit timers do the rest: watch its count, not the clock */
	for (polls = 0; info_of(cfd).tcpi_total_retrans < (unsigned)want; polls++) {
		if (polls > 25000)
			die("no retransmits");
		nap_ms(1);
	}
	if (setsockopt(dropper, SOL_SOCKET, SO_DETACH_FILTER, &one, sizeof(one)))
		die("SO_DETACH_FILTER");
	if (read(sfd, &c, 1) != 1)
		die("read");
	/* the byte arrived; its ACK is on the way back over loopback */
	for (polls = 0; info_of(cfd).tcpi_unacked; polls++) {
		if (polls > 25000)
			die("byte never acknowledged");
		nap_ms(1);
	}
	printf("retrans %d %d %u\n", port_of(cfd), port, info_of(cfd).tcpi_total_retrans);
	fflush(stdout);
	close(cfd);
	close(sfd);
	close(lfd);
	return 0;
}
