/* Workload for syscount tests: a known number of marker syscalls per round.
 *
 *   syscount_target [GETPPID [ENOENT [EBADF [SLEEPS [THREAD]]]]]
 *
 * prints "ready PID TID" (TID: a second thread's), then for each line read on stdin does one
 * round and prints "done": GETPPID getppid() calls (default 1234), ENOENT opens of a missing
 * file (56), EBADF close(-1) calls (7), SLEEPS 20 ms clock_nanosleep() calls (5), all in the
 * main thread, and THREAD getppid() calls in the second thread (321). Nothing else it does in
 * a round fails. Exits at EOF. Syscalls go through syscall(2), so libc caches nothing. */
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static long thread_calls = 321;
static int go_pipe[2], done_pipe[2];

static long thread_tid;

static void *thread_main(void *arg)
{
	char c;

	thread_tid = syscall(SYS_gettid);
	if (write(done_pipe[1], "r", 1) != 1)
		return NULL;
	while (read(go_pipe[0], &c, 1) == 1) {
		for (long i = 0; i < thread_calls; i++)
			syscall(SYS_getppid);
		if (write(done_pipe[1], "d", 1) != 1)
			break;
	}
	return NULL;
}

static long arg(int argc, char **argv, int i, long def)
{
	return argc > i ? atol(argv[i]) : def;
}

int main(int argc, char **argv)
{
	long getppids = arg(argc, argv, 1, 1234), enoents = arg(argc, argv, 2, 56);
	long ebadfs = arg(argc, argv, 3, 7), sleeps = arg(argc, argv, 4, 5);
	struct timespec ts = { 0, 20 * 1000000 };
	char line[64], c;
	pthread_t thread;

	thread_calls = arg(argc, argv, 5, 321);
	if (pipe(go_pipe) || pipe(done_pipe) || pthread_create(&thread, NULL, thread_main, NULL))
		return perror("syscount_target"), 1;
	/* the thread says its id once started */
	if (read(done_pipe[0], &c, 1) != 1)
		return 1;
	printf("ready %d %ld\n", getpid(), thread_tid);
	fflush(stdout);
	while (fgets(line, sizeof(line), stdin)) {
		for (long i = 0; i < getppids; i++)
			syscall(SYS_getppid);
		for (long i = 0; i < enoents; i++)
			syscall(SYS_openat, AT_FDCWD, "/nonexistent/syscount-target", O_RDONLY);
		for (long i = 0; i < ebadfs; i++)
			syscall(SYS_close, -1);
		for (long i = 0; i < sleeps; i++)
			syscall(SYS_clock_nanosleep, CLOCK_MONOTONIC, 0, &ts, NULL);
		if (write(go_pipe[1], "g", 1) != 1 || read(done_pipe[0], &c, 1) != 1)
			return 1;
		printf("done\n");
		fflush(stdout);
	}
	return 0;
}
