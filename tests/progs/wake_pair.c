/* Workload for wakeuptime: a thread that blocks reading a pipe and a thread that wakes it by
 * writing to the pipe after a known sleep, both with marker names.
 *
 *   wake_pair ROUNDS SLEEP_MS
 *
 * prints "ready PID", then for each line on stdin runs a round: thread "wt_sleeper" reads one
 * byte ROUNDS times, blocking each time until thread "wt_waker", which sleeps SLEEP_MS before
 * each write, writes it; prints "done" when both have finished. Exits at EOF. So the sleeper
 * is blocked about ROUNDS * SLEEP_MS per round, each time woken by wt_waker in pipe_write. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

static int fds[2];
static long rounds, sleep_ms;

__attribute__((noinline)) static void wt_block_on_pipe(void)
{
	char c;

	if (read(fds[0], &c, 1) != 1)
		exit(1);
}

__attribute__((noinline)) static void wt_wake_by_pipe(void)
{
	struct timespec ts = { sleep_ms / 1000, (sleep_ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
	if (write(fds[1], "w", 1) != 1)
		exit(1);
}

static void *sleeper(void *arg)
{
	pthread_setname_np(pthread_self(), "wt_sleeper");
	for (long i = 0; i < rounds; i++)
		wt_block_on_pipe();
	return arg;
}

static void *waker(void *arg)
{
	pthread_setname_np(pthread_self(), "wt_waker");
	for (long i = 0; i < rounds; i++)
		wt_wake_by_pipe();
	return arg;
}

int main(int argc, char **argv)
{
	char line[64];

	if (argc != 3 || (rounds = atol(argv[1])) <= 0 || (sleep_ms = atol(argv[2])) < 0) {
		fprintf(stderr, "usage: wake_pair ROUNDS SLEEP_MS\n");
		return 2;
	}
	if (pipe(fds))
		return 1;
	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("ready %d\n", (int)getpid());
	while (fgets(line, sizeof(line), stdin)) {
		pthread_t s, w;

		if (pthread_create(&s, NULL, sleeper, NULL) || pthread_create(&w, NULL, waker, NULL))
			return 1;
		pthread_join(s, NULL);
		pthread_join(w, NULL);
		printf("done\n");
	}
	return 0;
}
