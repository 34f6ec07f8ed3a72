/* Workload for funccount and funclatency: functions called a known number of times.
 *
 *   funcs_target A B S G [N]
 *
 * prints "ready PID", then for each line read on stdin runs one round and prints "done":
 * funcs_target_count_a() A times, funcs_target_count_b() B times, funcs_target_sleep10()
 * (10 ms in nanosleep) S times, funcs_target_quick() S times, and getppid() through libc G
 * times (each one a syscalls:sys_enter_getppid), and funcs_target_nest(N) once when N > 0: it
 * sleeps 10 ms and calls itself with N - 1 (N nested calls of N x 10 ms, (N - 1) x 10 ms...
 * 10 ms). Without stdin lines (EOF) it exits. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

/* kept out of line and different from each other: each is one symbol a uprobe lands on */
volatile unsigned long funcs_target_sink;

__attribute__((noinline)) void funcs_target_count_a(void)
{
	funcs_target_sink += 1;
}

__attribute__((noinline)) void funcs_target_count_b(void)
{
	funcs_target_sink += 2;
}

__attribute__((noinline)) void funcs_target_sleep10(void)
{
	struct timespec ts = { 0, 10 * 1000 * 1000 };

	while (nanosleep(&ts, &ts))
		;
	funcs_target_sink += 3;
}

__attribute__((noinline)) void funcs_target_quick(void)
{
	funcs_target_sink += 4;
}

__attribute__((noinline)) void funcs_target_nest(long n)
{
	struct timespec ts = { 0, 10 * 1000 * 1000 };

	while (nanosleep(&ts, &ts))
		;
	if (n > 1)
		funcs_target_nest(n - 1);
	funcs_target_sink += (unsigned long)n; /* after the call: no tail call, a real nesting */
}

int main(int argc, char **argv)
{
	long a, b, s, g, nest;
	char line[64];

	if (argc != 5 && argc != 6) {
		fprintf(stderr, "usage: funcs_target A B S G [N]\n");
		return 2;
	}
	a = atol(argv[1]);
	b = atol(argv[2]);
	s = atol(argv[3]);
	g = atol(argv[4]);
	nest = argc == 6 ? atol(argv[5]) : 0;
	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("ready %d\n", (int)getpid());
	while (fgets(line, sizeof(line), stdin)) {
		for (long i = 0; i < a; i++)
			funcs_target_count_a();
		for (long i = 0; i < b; i++)
			funcs_target_count_b();
		for (long i = 0; i < s; i++) {
			funcs_target_sleep10();
			funcs_target_quick();
		}
		for (long i = 0; i < g; i++)
			funcs_target_sink += (unsigned long)getppid();
		if (nest > 0)
			funcs_target_nest(nest);
		printf("done\n");
	}
	return 0;
}
