/* Workload for oomkill: a process that allocates and touches memory until the OOM killer ends
 * it (the test puts it in a memory cgroup with a small limit and no swap first).
 *
 *   oom_victim
 *
 * prints "ready PID", waits for a line on stdin, then touches 1 MiB at a time for ever,
 * printing "touched N MiB" every 16 MiB. Its end is SIGKILL; if allocation fails instead
 * (a limit that malloc sees, such as RLIMIT_AS) it says so and exits 1. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(void)
{
	char line[64];

	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("ready %d\n", (int)getpid());
	if (!fgets(line, sizeof(line), stdin))
		return 0;
	for (unsigned long mib = 1;; mib++) {
		char *p = malloc(1 << 20);

		if (!p) {
			printf("malloc failed after %lu MiB\n", mib - 1);
			return 1;
		}
		memset(p, 0x5a, 1 << 20); /* resident now: charged to the cgroup */
		if (mib % 16 == 0)
			printf("touched %lu MiB\n", mib);
	}
}
