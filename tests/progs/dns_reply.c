/* Workload for tcpconnect -d: a DNS reply naming an address arrives by UDP on loopback and is
 * received as a resolver receives it, then a TCP connect goes to that address.
 *
 *   dns_reply [-r] [-s SERVER] NAME ADDR PORT
 *
 * Listens by TCP on ADDR:PORT; a UDP "server" bound to SERVER:53 (127.0.0.153 by default: not
 * systemd-resolved's 127.0.0.53) answers a client socket connected to it with a well-formed
 * reply (NAME's A or AAAA record: ADDR, after a CNAME record for the parser to skip), which the
 * client receives with recvmsg (recvfrom with -r); then connects to ADDR:PORT. Prints "pid PID"
 * and "connected". Root (port 53). Exits 0; 1 on a failed call; 2 on bad arguments. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

static void die(const char *what)
{
	perror(what);
	exit(1);
}

/* NAME as DNS labels at p; the length written */
static size_t put_name(unsigned char *p, const char *name)
{
	size_t o = 0;

	while (*name) {
		size_t n = strcspn(name, ".");

		p[o++] = (unsigned char)n;
		memcpy(p + o, name, n);
		o += n;
		name += n + (name[n] == '.');
	}
	p[o++] = 0;
	return o;
}

static void put16(unsigned char *p, unsigned int v)
{
	p[0] = (unsigned char)(v >> 8);
	p[1] = (unsigned char)v;
}

int main(int argc, char **argv)
{
	const char *server = "127.0.0.153";
	unsigned char query[300], reply[600], got[600];
	struct sockaddr_storage addr = { 0 };
	struct sockaddr_in srv = { .sin_family = AF_INET, .sin_port = htons(53) };
	socklen_t alen;
	unsigned char bin[16];
	int use_recvfrom = 0, family, c, s, cl, tl, yes = 1, port;
	size_t qlen, rlen, nlen;
	ssize_t n;

	while ((c = getopt(argc, argv, "rs:")) != -1) {
		if (c == 'r')
			use_recvfrom = 1;
		else if (c == 's')
			server = optarg;
		else
			return 2;
	}
	if (argc - optind != 3 || strlen(argv[optind]) > 200)
		return 2;
	family = strchr(argv[optind + 1], ':') ? AF_INET6 : AF_INET;
	port = atoi(argv[optind + 2]);
	if (inet_pton(family, argv[optind + 1], bin) != 1 || inet_pton(AF_INET, server, &srv.sin_addr) != 1)
		return 2;
	printf("pid %d\n", (int)getpid());
	fflush(stdout);

	/* the listener the connect will reach */
	if (family == AF_INET) {
		struct sockaddr_in *a = (struct sockaddr_in *)&addr;

		a->sin_family = AF_INET;
		a->sin_port = htons(port);
		memcpy(&a->sin_addr, bin, 4);
		alen = sizeof(*a);
	} else {
		struct sockaddr_in6 *a = (struct sockaddr_in6 *)&addr;

		a->sin6_family = AF_INET6;
		a->sin6_port = htons(port);
		memcpy(&a->sin6_addr, bin, 16);
		alen = sizeof(*a);
	}
	tl = socket(family, SOCK_STREAM, 0);
	if (tl < 0 || setsockopt(tl, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes)) ||
	    bind(tl, (struct sockaddr *)&addr, alen) || listen(tl, 4))
		die("listen");

	/* the query: id 0x7462, recursion desired, one question of type A or AAAA */
	nlen = put_name(query + 12, argv[optind]);
	memset(query, 0, 12);
	put16(query, 0x7462);
	put16(query + 2, 0x0100);
	put16(query + 4, 1);
	put16(query + 12 + nlen, family == AF_INET ? 1 : 28);
	put16(query + 14 + nlen, 1);
	qlen = 16 + nlen;

	s = socket(AF_INET, SOCK_DGRAM, 0);
	if (s < 0 || setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes)) ||
	    bind(s, (struct sockaddr *)&srv, sizeof(srv)))
		die("bind port 53");
	cl = socket(AF_INET, SOCK_DGRAM, 0);
	if (cl < 0 || connect(cl, (struct sockaddr *)&srv, sizeof(srv)) ||
	    send(cl, query, qlen, 0) != (ssize_t)qlen)
		die("query");
	{
		struct sockaddr_in from;
		socklen_t flen = sizeof(from);

		n = recvfrom(s, got, sizeof(got), 0, (struct sockaddr *)&from, &flen);
		if (n != (ssize_t)qlen)
			die("server recvfrom");
		/* the reply: the question, a CNAME to itself (compressed), then the address */
		memcpy(reply, query, qlen);
		put16(reply + 2, 0x8180);
		put16(reply + 6, 2);
		rlen = qlen;
		put16(reply + rlen, 0xc00c);
		put16(reply + rlen + 2, 5);
		put16(reply + rlen + 4, 1);
		memset(reply + rlen + 6, 0, 4);
		reply[rlen + 9] = 60;
		put16(reply + rlen + 10, 2);
		put16(reply + rlen + 12, 0xc00c);
		rlen += 14;
		put16(reply + rlen, 0xc00c);
		put16(reply + rlen + 2, family == AF_INET ? 1 : 28);
		put16(reply + rlen + 4, 1);
		memset(reply + rlen + 6, 0, 4);
		reply[rlen + 9] = 60;
		put16(reply + rlen + 10, family == AF_INET ? 4 : 16);
		memcpy(reply + rlen + 12, bin, family == AF_INET ? 4 : 16);
		rlen += 12 + (family == AF_INET ? 4 : 16);
		if (sendto(s, reply, rlen, 0, (struct sockaddr *)&from, flen) != (ssize_t)rlen)
			die("server sendto");
	}
	if (use_recvfrom) {
		n = recvfrom(cl, got, sizeof(got), 0, NULL, NULL);
	} else {
		struct iovec iov = { got, sizeof(got) };
		struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1 };

		n = recvmsg(cl, &msg, 0);
	}
	if (n != (ssize_t)rlen)
		die("client receive");

	c = socket(family, SOCK_STREAM, 0);
	if (c < 0 || connect(c, (struct sockaddr *)&addr, alen))
		die("connect");
	printf("connected\n");
	close(c);
	close(cl);
	close(s);
	close(tl);
	return 0;
}
