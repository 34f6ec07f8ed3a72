/* Workload for bindsnoop tests: binds sockets on marker ports PORT..PORT+4 (argv[1]), each with
 * one socket option bindsnoop's OPTS or IF column shows, keeps them all open until the end:
 *   TCP  127.0.0.1  PORT    SO_REUSEADDR             ...R.
 *   UDP  ::1        PORT+1  SO_REUSEPORT             ....r   (IPv6)
 *   TCP  192.0.2.1  PORT+2  IP_FREEBIND (not local)  F....
 *   UDP  0.0.0.0    PORT+3  SO_BINDTODEVICE "lo"     .....  IF 1
 *   TCP  ::         PORT+4  IPV6_TRANSPARENT         .T...   (IPv6)
 *   TCP  127.0.0.1  0       IP_BIND_ADDRESS_NO_PORT  ..N..   (the port stays 0)
 *   TCP  127.0.0.1  PORT    none: fails, EADDRINUSE (-98)
 * then a unix socket bind (no inet socket: not reported). Without IPv6 (a kernel without it)
 * the two IPv6 binds are left out and "no ipv6" is printed. Prints "pid PID" first. */
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <arpa/inet.h>
#include <unistd.h>

#ifndef IP_BIND_ADDRESS_NO_PORT
#define IP_BIND_ADDRESS_NO_PORT 24
#endif
#ifndef IPV6_TRANSPARENT
#define IPV6_TRANSPARENT 75
#endif

static int die(const char *what)
{
	fprintf(stderr, "bind_ports: %s: %s\n", what, strerror(errno));
	exit(1);
}

/* A socket of type and family with option (level, name) set to 1, or the device lo; level -1
 * for none (SOL_IP is 0) */
static int sock_with(int family, int type, int level, int name)
{
	int fd = socket(family, type, 0), one = 1;

	if (fd < 0)
		return -1;
	if (level == SOL_SOCKET && name == SO_BINDTODEVICE) {
		if (setsockopt(fd, level, name, "lo", 3))
			die("SO_BINDTODEVICE lo");
	} else if (level >= 0 && setsockopt(fd, level, name, &one, sizeof(one))) {
		die("setsockopt");
	}
	return fd;
}

static int bind4(int fd, const char *addr, int port)
{
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons(port) };

	inet_pton(AF_INET, addr, &sa.sin_addr);
	return bind(fd, (struct sockaddr *)&sa, sizeof(sa));
}

static int bind6(int fd, const char *addr, int port)
{
	struct sockaddr_in6 sa = { .sin6_family = AF_INET6, .sin6_port = htons(port) };

	inet_pton(AF_INET6, addr, &sa.sin6_addr);
	return bind(fd, (struct sockaddr *)&sa, sizeof(sa));
}

int main(int argc, char **argv)
{
	int port = argc > 1 ? atoi(argv[1]) : 0, fd, v6;
	struct sockaddr_un un = { .sun_family = AF_UNIX };

	if (port <= 0 || port > 65530)
		return 2;
	printf("pid %d\n", getpid());
	fflush(stdout);
	if (bind4(sock_with(AF_INET, SOCK_STREAM, SOL_SOCKET, SO_REUSEADDR), "127.0.0.1", port))
		die("bind PORT");
	fd = sock_with(AF_INET6, SOCK_DGRAM, SOL_SOCKET, SO_REUSEPORT);
	v6 = fd >= 0;
	if (v6 && bind6(fd, "::1", port + 1))
		die("bind ::1 PORT+1");
	if (bind4(sock_with(AF_INET, SOCK_STREAM, SOL_IP, IP_FREEBIND), "192.0.2.1", port + 2))
		die("bind 192.0.2.1 PORT+2");
	if (bind4(sock_with(AF_INET, SOCK_DGRAM, SOL_SOCKET, SO_BINDTODEVICE), "0.0.0.0", port + 3))
		die("bind PORT+3");
	if (v6 && bind6(sock_with(AF_INET6, SOCK_STREAM, SOL_IPV6, IPV6_TRANSPARENT), "::", port + 4))
		die("bind :: PORT+4");
	if (bind4(sock_with(AF_INET, SOCK_STREAM, SOL_IP, IP_BIND_ADDRESS_NO_PORT), "127.0.0.1", 0))
		die("bind port 0");
	if (!bind4(sock_with(AF_INET, SOCK_STREAM, -1, 0), "127.0.0.1", port) || errno != EADDRINUSE)
		die("bind PORT again did not fail with EADDRINUSE");
	fd = socket(AF_UNIX, SOCK_STREAM, 0);
	if (fd < 0 || bind(fd, (struct sockaddr *)&un, sizeof(sa_family_t)))
		die("bind an unnamed unix socket");
	if (!v6)
		printf("no ipv6\n");
	return 0;
}
