/* Workload for the TCP tools: a loopback listener and a client making a few connections.
 *
 *   tcp_pair [-6] [-n COUNT] [-d ACCEPT_DELAY_MS] [-p PORT] [-w] [-r] [-s BYTES] [-S BYTES]
 *
 * The server (this process) binds 127.0.0.1 (or ::1 with -6), forks the client and prints
 * "bound PORT PID CLIENT_PID"; with -w it then waits for a line on stdin (so a test can start
 * a tracer filtered on that port or pid), listens and prints "listen PORT PID". The client,
 * named "tcp_client", waits for the listen, connects COUNT times,
 * printing "client LPORT PID" for each; it sends one byte (-s: BYTES), waits for the server's
 * answer of one byte (-S: BYTES; both up to 64 MiB, for the byte counts of tcplife) and
 * closes first. The server sleeps ACCEPT_DELAY_MS before each accept(), answers, reads to EOF
 * and closes. With -r nothing listens on the bound port: the client's connect is refused
 * ("refused PORT PID"). With -x the server runs on CPU 0 and the client on CPU 1, so that one
 * socket's state changes are written into both CPUs' perf buffers (a test of event order).
 * Only loopback addresses; at most 100 connections; alarm 30 s after the start (or the go line). */
#include <arpa/inet.h>
#include <errno.h>
#include <sched.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tcp_loopback.h"

static long send_bytes = 1, answer_bytes = 1; /* -s, -S */

/* -x: this process on one CPU (a machine with one CPU keeps it there) */
static void pin(int cpu)
{
	cpu_set_t set;

	if (sysconf(_SC_NPROCESSORS_ONLN) <= cpu)
		return;
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	sched_setaffinity(0, sizeof(set), &set);
}

static void die(const char *what)
{
	fprintf(stderr, "tcp_pair: %s: %s\n", what, strerror(errno));
	exit(1);
}

/* n bytes of 'x' to fd, or read exactly n bytes from it: 0, or -1 */
static int write_n(int fd, long n)
{
	char buf[65536];

	memset(buf, 'x', sizeof(buf));
	while (n > 0) {
		ssize_t w = write(fd, buf, n < (long)sizeof(buf) ? (size_t)n : sizeof(buf));

		if (w <= 0)
			return -1;
		n -= w;
	}
	return 0;
}

static int read_n(int fd, long n)
{
	char buf[65536];

	while (n > 0) {
		ssize_t r = read(fd, buf, n < (long)sizeof(buf) ? (size_t)n : sizeof(buf));

		if (r <= 0)
			return -1;
		n -= r;
	}
	return 0;
}

static void client(int port, int count, int refused)
{
	struct sockaddr_storage ss;
	socklen_t len = loopback(&ss, port);

	prctl(PR_SET_NAME, "tcp_client");
	for (int i = 0; i < count; i++) {
		int fd = socket(family, SOCK_STREAM, 0);

		if (fd < 0)
			die("socket");
		if (connect(fd, (struct sockaddr *)&ss, len)) {
			if (refused && errno == ECONNREFUSED) {
				printf("refused %d %d\n", port, getpid());
				close(fd);
				continue;
			}
			die("connect");
		}
		printf("client %d %d\n", port_of(fd), getpid());
		fflush(stdout);
		if (write_n(fd, send_bytes) || read_n(fd, answer_bytes))
			die("client exchange");
		close(fd);
	}
	fflush(stdout);
}

int main(int argc, char **argv)
{
	int count = 1, delay_ms = 0, port = 0, wait_go = 0, refused = 0, cross = 0, opt, lfd, one = 1;
	struct sockaddr_storage ss;
	socklen_t len;
	pid_t child;
	char buf[64];
	int go[2];

	while ((opt = getopt(argc, argv, "6n:d:p:wrxs:S:")) != -1) {
		switch (opt) {
		case '6': family = AF_INET6; break;
		case 'n': count = atoi(optarg); break;
		case 'd': delay_ms = atoi(optarg); break;
		case 'p': port = atoi(optarg); break;
		case 'w': wait_go = 1; break;
		case 'r': refused = 1; break;
		case 'x': cross = 1; break;
		case 's': send_bytes = atol(optarg); break;
		case 'S': answer_bytes = atol(optarg); break;
		default:
			fprintf(stderr, "usage: tcp_pair [-6] [-n COUNT] [-d DELAY_MS] [-p PORT] [-w] [-r] [-x] [-s BYTES] [-S BYTES]\n");
			return 2;
		}
	}
	if (count < 1 || count > 100 || delay_ms < 0 || delay_ms > 5000 || send_bytes < 1 ||
	    send_bytes > (64L << 20) || answer_bytes < 1 || answer_bytes > (64L << 20)) {
		fprintf(stderr, "tcp_pair: COUNT is 1-100, DELAY_MS 0-5000, BYTES 1-64 MiB\n");
		return 2;
	}
	/* a tracer compiling cold under emulation (the VM tier) takes up to a minute before the
	 * go line: the 30 s limit on the connections starts after it */
	alarm(wait_go ? 600 : 30);
	setvbuf(stdout, NULL, _IOLBF, 0);

	lfd = socket(family, SOCK_STREAM, 0);
	if (lfd < 0)
		die("socket");
	setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	len = loopback(&ss, port);
	if (bind(lfd, (struct sockaddr *)&ss, len))
		die("bind");
	port = port_of(lfd);
	/* the client exists before any tracer starts, so a test can filter on its pid */
	if (pipe(go))
		die("pipe");
	child = fork();
	if (child < 0)
		die("fork");
	if (cross)
		pin(child == 0 ? 1 : 0);
	if (child == 0) {
		close(lfd);
		close(go[1]);
		if (read(go[0], buf, 1) != 1)
			_exit(1);
		client(port, count, refused);
		_exit(0);
	}
	close(go[0]);
	printf("bound %d %d %d\n", port, getpid(), child);
	if (wait_go && !fgets(buf, sizeof(buf), stdin))
		return 1;
	alarm(30);
	/* -r: the port stays bound but never listens, so nothing else can take it meanwhile */
	if (!refused) {
		if (listen(lfd, 16))
			die("listen");
		printf("listen %d %d\n", port, getpid());
	}
	if (write(go[1], "g", 1) != 1)
		die("start client");
	for (int i = 0; !refused && i < count; i++) {
		int fd;

		if (delay_ms)
			usleep(delay_ms * 1000);
		fd = accept(lfd, NULL, NULL);
		if (fd < 0)
			die("accept");
		if (read_n(fd, send_bytes) || write_n(fd, answer_bytes))
			die("server exchange");
		while (read(fd, buf, sizeof(buf)) > 0)
			;
		close(fd);
	}
	int status;
	waitpid(child, &status, 0);
	close(lfd);
	printf("done\n");
	return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}
