/* Workload for pidpersec tests: forks N children (argv[1]) one after another, each exiting at
 * once, then reaps them all: N new processes in a burst. Prints "forked N". */
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 0, made = 0;

	if (n < 1)
		return 2;
	for (int i = 0; i < n; i++) {
		pid_t pid = fork();

		if (pid == 0)
			_exit(0);
		if (pid < 0)
			break;
		made++;
	}
	while (wait(NULL) > 0)
		;
	printf("forked %d\n", made);
	return made == n ? 0 : 1;
}
