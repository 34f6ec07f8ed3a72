/* Workload for threadsnoop: threads started with a known start routine, a known number of times.
 *
 *   thread_spawn N [LINGER_MS]
 *
 * prints "ready PID", then for each line read on stdin starts N threads running
 * thread_spawn_worker() (one at a time, each joined) and prints "done". At EOF it stays
 * LINGER_MS (default 0) before exiting, so that a tracer still finds its symbols. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

volatile unsigned long thread_spawn_sink;

/* out of line, in the symbol table: the FUNC threadsnoop must print */
__attribute__((noinline)) void *thread_spawn_worker(void *arg)
{
	thread_spawn_sink += (unsigned long)arg;
	return NULL;
}

int main(int argc, char **argv)
{
	struct timespec linger = { 0, 0 };
	char line[64];
	long n, ms;

	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: thread_spawn N [LINGER_MS]\n");
		return 2;
	}
	n = atol(argv[1]);
	ms = argc == 3 ? atol(argv[2]) : 0;
	linger.tv_sec = ms / 1000;
	linger.tv_nsec = ms % 1000 * 1000000;
	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("ready %d\n", (int)getpid());
	while (fgets(line, sizeof(line), stdin)) {
		for (long i = 0; i < n; i++) {
			pthread_t t;

			if (pthread_create(&t, NULL, thread_spawn_worker, (void *)i)) {
				fprintf(stderr, "thread_spawn: pthread_create failed\n");
				return 1;
			}
			pthread_join(t, NULL);
		}
		printf("done\n");
	}
	while (nanosleep(&linger, &linger))
		;
	return 0;
}
