/* Workload for event order across CPUs: "hop_exec N" runs N children one after another, each
 * exec'ing this program on one CPU ("hop_exec child CPU") and exiting on the other, so that
 * its exec and its exit are written into different CPUs' perf buffers. Prints "child PID" for
 * each. Needs two CPUs (exits 77 with fewer). */
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static void pin(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	if (sched_setaffinity(0, sizeof(set), &set))
		perror("sched_setaffinity");
}

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 200;

	if (argc == 3 && !strcmp(argv[1], "child")) {
		/* exec'd on the other CPU: move, and end here */
		pin(atoi(argv[2]));
		sched_yield();
		return 0;
	}
	if (sysconf(_SC_NPROCESSORS_ONLN) < 2) {
		fprintf(stderr, "hop_exec: needs 2 CPUs\n");
		return 77;
	}
	for (int i = 0; i < n; i++) {
		int from = i % 2, to = 1 - from;
		pid_t pid = fork();

		if (pid == 0) {
			char cpu[8];

			pin(from);
			snprintf(cpu, sizeof(cpu), "%d", to);
			execl("/proc/self/exe", "hop_exec", "child", cpu, (char *)NULL);
			_exit(127);
		}
		printf("child %d\n", pid);
		fflush(stdout);
		waitpid(pid, NULL, 0);
	}
	return 0;
}
