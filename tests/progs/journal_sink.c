/* A stand-in for journald's socket: binds a datagram socket at PATH, prints "ready", then
 * writes each datagram received to stdout followed by a line "--" (values sent in the
 * length-prefixed form are printed as KEY=VALUE too), until SIGTERM or SECONDS pass.
 *   journal_sink PATH SECONDS */
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

static void print_entry(const char *p, size_t n)
{
	const char *end = p + n;

	while (p < end) {
		const char *nl = memchr(p, '\n', end - p), *eq;
		uint64_t len = 0;

		if (!nl)
			nl = end;
		eq = memchr(p, '=', nl - p);
		if (eq) { /* KEY=VALUE */
			printf("%.*s\n", (int)(nl - p), p);
			p = nl + 1;
			continue;
		}
		/* KEY\n, 64-bit little-endian length, VALUE\n */
		if (nl + 9 > end)
			break;
		for (int i = 0; i < 8; i++)
			len |= (uint64_t)(unsigned char)nl[1 + i] << (8 * i);
		if (nl + 9 + len > end)
			break;
		printf("%.*s=%.*s\n", (int)(nl - p), p, (int)len, nl + 9);
		p = nl + 9 + len + 1;
	}
	printf("--\n");
	fflush(stdout);
}

int main(int argc, char **argv)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	static char buf[65536];
	int fd;

	if (argc != 3) {
		fprintf(stderr, "usage: journal_sink PATH SECONDS\n");
		return 2;
	}
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", argv[1]);
	unlink(argv[1]);
	fd = socket(AF_UNIX, SOCK_DGRAM, 0);
	if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof(sa))) {
		perror("journal_sink: bind");
		return 1;
	}
	signal(SIGTERM, SIG_DFL);
	alarm(atoi(argv[2]));
	printf("ready\n");
	fflush(stdout);
	for (;;) {
		ssize_t n = recv(fd, buf, sizeof(buf), 0);

		if (n > 0)
			print_entry(buf, n);
	}
}
