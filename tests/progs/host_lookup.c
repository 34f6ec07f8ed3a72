/* Workload for gethostlatency: host name lookups with marker names, offline and deterministic.
 *
 *   host_lookup [NAME]
 *
 * prints "ready PID", then for each line read on stdin looks up, once each:
 *   getaddrinfo(NAME, AI_NUMERICHOST)  NAME (default "tb-lookup.invalid") is refused at once,
 *                                      without asking NSS or DNS: EAI_NONAME
 *   getaddrinfo("127.0.0.41")          numeric names need no NSS (static programs, busybox)
 *   gethostbyname("127.0.0.42")
 *   gethostbyname2("127.0.0.43", AF_INET)
 * and prints "done" (a failure other than the first's expected EAI_NONAME is reported on
 * stderr and ends it with status 1). Exits at EOF. */
#include <netdb.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static int lookup_all(const char *name)
{
	struct addrinfo hints, *res;
	int err;

	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_INET;
	hints.ai_flags = AI_NUMERICHOST;
	err = getaddrinfo(name, NULL, &hints, &res);
	if (err != EAI_NONAME) {
		fprintf(stderr, "host_lookup: getaddrinfo(%s): %s, not EAI_NONAME\n", name,
			gai_strerror(err));
		return 1;
	}
	err = getaddrinfo("127.0.0.41", NULL, &hints, &res);
	if (err) {
		fprintf(stderr, "host_lookup: getaddrinfo(127.0.0.41): %s\n", gai_strerror(err));
		return 1;
	}
	freeaddrinfo(res);
	if (!gethostbyname("127.0.0.42") || !gethostbyname2("127.0.0.43", AF_INET)) {
		fprintf(stderr, "host_lookup: gethostbyname: %s\n", hstrerror(h_errno));
		return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	const char *name = argc > 1 ? argv[1] : "tb-lookup.invalid";
	char line[64];

	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("ready %d\n", (int)getpid());
	while (fgets(line, sizeof(line), stdin)) {
		if (lookup_all(name))
			return 1;
		printf("done\n");
	}
	return 0;
}
