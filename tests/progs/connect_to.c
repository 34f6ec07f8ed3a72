/* Workload for lsm-connect: listeners, then one connect per target, each result printed.
 *
 *   connect_to [-L PORT]... TARGET...
 *
 * -L listens on PORT on every address, IPv4 and IPv6 (one dual-stack [::] socket), so that
 * connects the LSM allows succeed. A TARGET is ADDR:PORT, [IPV6]:PORT, or either prefixed
 * by "udp:" for a datagram socket's connect. Prints "pid PID", then for each target
 * "TARGET ok" or "TARGET ERRNO-NAME" (EPERM when denied). Exits 0; 2 on bad arguments. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static int listen_on(int port)
{
	struct sockaddr_in6 sa = { .sin6_family = AF_INET6, .sin6_port = htons(port),
				   .sin6_addr = IN6ADDR_ANY_INIT };
	int fd = socket(AF_INET6, SOCK_STREAM, 0), no = 0, yes = 1;

	if (fd < 0 || setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &no, sizeof(no)) ||
	    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes)) ||
	    bind(fd, (struct sockaddr *)&sa, sizeof(sa)) || listen(fd, 64)) {
		perror("listen");
		return -1;
	}
	return fd; /* left open: connects complete in the backlog, never accepted */
}

/* "127.0.0.1:80", "[::1]:80" into a sockaddr; 0 or -1 */
static int parse_target(const char *t, struct sockaddr_storage *ss, socklen_t *len)
{
	char host[64];
	const char *colon = strrchr(t, ':');
	size_t n;
	int port;

	if (!colon || (n = (size_t)(colon - t)) >= sizeof(host))
		return -1;
	port = atoi(colon + 1);
	if (t[0] == '[') {
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)ss;

		if (n < 2 || t[n - 1] != ']')
			return -1;
		memcpy(host, t + 1, n - 2);
		host[n - 2] = 0;
		memset(s6, 0, sizeof(*s6));
		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons(port);
		*len = sizeof(*s6);
		return inet_pton(AF_INET6, host, &s6->sin6_addr) == 1 ? 0 : -1;
	}
	struct sockaddr_in *s4 = (struct sockaddr_in *)ss;

	memcpy(host, t, n);
	host[n] = 0;
	memset(s4, 0, sizeof(*s4));
	s4->sin_family = AF_INET;
	s4->sin_port = htons(port);
	*len = sizeof(*s4);
	return inet_pton(AF_INET, host, &s4->sin_addr) == 1 ? 0 : -1;
}

int main(int argc, char **argv)
{
	int opt;

	while ((opt = getopt(argc, argv, "L:")) != -1) {
		if (opt != 'L' || listen_on(atoi(optarg)) < 0)
			return 2;
	}
	printf("pid %d\n", (int)getpid());
	for (int i = optind; i < argc; i++) {
		const char *t = argv[i];
		int type = SOCK_STREAM, fd;
		struct sockaddr_storage ss;
		socklen_t len;

		if (strncmp(t, "udp:", 4) == 0) {
			type = SOCK_DGRAM;
			t += 4;
		}
		if (parse_target(t, &ss, &len)) {
			fprintf(stderr, "connect_to: bad target '%s'\n", argv[i]);
			return 2;
		}
		fd = socket(ss.ss_family, type, 0);
		if (fd < 0) {
			printf("%s %s\n", argv[i], strerrorname_np(errno));
			continue;
		}
		if (connect(fd, (struct sockaddr *)&ss, len) == 0)
			printf("%s ok\n", argv[i]);
		else
			printf("%s %s\n", argv[i], strerrorname_np(errno));
		close(fd);
	}
	return 0;
}
