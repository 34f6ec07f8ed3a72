/* Workload for runqlen's tests: a run queue of known length. Usage:
 *   spin_pinned N MS
 * Pins itself to one CPU (the last it may use) and prints "cpu C", then forks N processes
 * there that busy-spin, never sleeping, until MS milliseconds after the fork: all the while
 * the CPU's queue holds the N of them, one running and N-1 waiting (plus whatever else the
 * machine runs there). Prints "done" once all have exited. */
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_SPINNERS 64

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

int main(int argc, char **argv)
{
	cpu_set_t set;
	long n, ms;
	int cpu = -1;
	long long end;

	if (argc != 3 || (n = atol(argv[1])) < 1 || n > MAX_SPINNERS || (ms = atol(argv[2])) < 1) {
		fprintf(stderr, "usage: spin_pinned N(1-%d) MS\n", MAX_SPINNERS);
		return 2;
	}
	if (sched_getaffinity(0, sizeof(set), &set)) {
		perror("sched_getaffinity");
		return 1;
	}
	for (int c = 0; c < CPU_SETSIZE; c++)
		if (CPU_ISSET(c, &set))
			cpu = c;
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	/* the children inherit it: they share the one CPU from their first instruction */
	if (sched_setaffinity(0, sizeof(set), &set)) {
		perror("sched_setaffinity");
		return 1;
	}
	printf("cpu %d\n", cpu);
	fflush(stdout);
	end = now_ms() + ms;
	for (long i = 0; i < n; i++) {
		pid_t pid = fork();

		if (pid < 0) {
			perror("fork");
			return 1;
		}
		if (pid == 0) {
			while (now_ms() < end)
				;
			_exit(0);
		}
	}
	while (wait(NULL) > 0)
		;
	printf("done\n");
	return 0;
}
