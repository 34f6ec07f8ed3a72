/* Workload for solisten tests: listens on marker ports with marker backlogs, PORT and BACKLOG
 * from argv, keeping every socket open until the end:
 *   TCPv4  127.0.0.1  PORT           backlog BACKLOG
 *   TCPv6  ::1        PORT+1         backlog BACKLOG+1   (IPv6)
 *   TCPv4  0.0.0.0    (chosen: 0)    backlog BACKLOG+2   never bound: listen() picks the port
 * and then listens that must not be reported: a UDP socket's (EOPNOTSUPP) and a unix one.
 * Prints "pid PID", then "autobind PORT" (the port listen() chose) and, on a kernel without
 * IPv6, "no ipv6" (that listen left out). */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

static void die(const char *what)
{
	fprintf(stderr, "listen_ports: %s: %s\n", what, strerror(errno));
	exit(1);
}

int main(int argc, char **argv)
{
	int port = argc > 2 ? atoi(argv[1]) : 0, backlog = argc > 2 ? atoi(argv[2]) : 0, fd, v6;
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons(port) };
	struct sockaddr_in6 sa6 = { .sin6_family = AF_INET6, .sin6_port = htons(port + 1) };
	struct sockaddr_un un = { .sun_family = AF_UNIX };
	socklen_t len = sizeof(sa);

	if (port <= 0 || port > 65530 || backlog <= 0)
		return 2;
	printf("pid %d\n", getpid());
	fflush(stdout);
	inet_pton(AF_INET, "127.0.0.1", &sa.sin_addr);
	fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof(sa)) || listen(fd, backlog))
		die("listen on 127.0.0.1 PORT");
	fd = socket(AF_INET6, SOCK_STREAM, 0);
	v6 = fd >= 0;
	sa6.sin6_addr = in6addr_loopback;
	if (v6 && (bind(fd, (struct sockaddr *)&sa6, sizeof(sa6)) || listen(fd, backlog + 1)))
		die("listen on ::1 PORT+1");
	fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0 || listen(fd, backlog + 2) || getsockname(fd, (struct sockaddr *)&sa, &len))
		die("listen unbound");
	printf("autobind %d\n", ntohs(sa.sin_port));
	fd = socket(AF_INET, SOCK_DGRAM, 0);
	if (fd < 0 || !listen(fd, backlog) || errno != EOPNOTSUPP)
		die("a UDP socket's listen did not fail with EOPNOTSUPP");
	fd = socket(AF_UNIX, SOCK_STREAM, 0);
	if (fd < 0 || bind(fd, (struct sockaddr *)&un, sizeof(sa_family_t)) || listen(fd, backlog))
		die("listen on a unix socket");
	if (!v6)
		printf("no ipv6\n");
	return 0;
}
