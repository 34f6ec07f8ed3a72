/* Workload for exitsnoop and bootstrap tests. Without arguments: forks children that exit 0,
 * exit 3 after sleeping 1 s, and die of SIGKILL, printing "parent PID" and "child PID LABEL"
 * lines. With "exit MS CODE": sleeps MS milliseconds, then exits with CODE. With "threads": starts
 * two threads that end before the process does. */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000 };

	while (nanosleep(&ts, &ts))
		;
}

static void spawn(const char *label, long sleep, int code, int sig)
{
	pid_t pid = fork();

	if (pid == 0) {
		sleep_ms(sleep);
		if (sig)
			kill(getpid(), sig);
		_exit(code);
	}
	printf("child %d %s\n", pid, label);
	fflush(stdout);
	waitpid(pid, NULL, 0);
}

static void *thread_main(void *arg)
{
	sleep_ms(50);
	return arg;
}

int main(int argc, char **argv)
{
	if (argc == 2 && !strcmp(argv[1], "threads")) {
		pthread_t t[2];

		printf("parent %d\n", getpid());
		fflush(stdout);
		for (int i = 0; i < 2; i++)
			pthread_create(&t[i], NULL, thread_main, NULL);
		for (int i = 0; i < 2; i++)
			pthread_join(t[i], NULL);
		return 0;
	}
	if (argc == 4 && !strcmp(argv[1], "exit")) {
		sleep_ms(atol(argv[2]));
		return atoi(argv[3]);
	}
	printf("parent %d\n", getpid());
	fflush(stdout);
	spawn("zero", 0, 0, 0);
	spawn("three", 1000, 3, 0);
	spawn("killed", 0, 0, SIGKILL);
	return 0;
}
