/* Target for trace's tests: each line on stdin is one round of N calls (argv[1], default 5) of
 * trace_fn("tb-trace-marker", i) returning 4242 + i, the USDT probe tbtrace:mark with the same
 * two arguments, and one open() of a path that does not exist (argv[2], default
 * /nonexistent/tb-trace-open-marker); then "done". "ready PID" first. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/sdt.h>
#include <unistd.h>

__attribute__((noinline)) int trace_fn(const char *marker, int i)
{
	__asm__ volatile("" ::: "memory");
	return marker[0] ? 4242 + i : -1;
}

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 5;
	const char *path = argc > 2 ? argv[2] : "/nonexistent/tb-trace-open-marker";
	const char *marker = "tb-trace-marker";
	char line[64];

	printf("ready %d\n", getpid());
	fflush(stdout);
	while (fgets(line, sizeof(line), stdin)) {
		for (int i = 0; i < n; i++) {
			trace_fn(marker, i);
			STAP_PROBE2(tbtrace, mark, marker, i);
		}
		int fd = open(path, O_RDONLY);

		if (fd >= 0)
			close(fd);
		printf("done\n");
		fflush(stdout);
	}
	return 0;
}
