/* Workload for funccount and funclatency: functions called a known number of times.
 *
 *   funcs_target A B S G
 *
 * prints "ready PID", then for each line read on stdin runs one round and prints "done":
 * funcs_target_count_a() A times, funcs_target_count_b() B times, funcs_target_sleep10()
 * (10 ms in nanosleep) S times, funcs_target_quick() S times, and getppid() through libc G
 * times (each one a syscalls:sys_enter_getppid). Without stdin lines (EOF) it exits. */
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

int main(int argc, char **argv)
{
	long a, b, s, g;
	char line[64];

	if (argc != 5) {
		fprintf(stderr, "usage: funcs_target A B S G\n");
		return 2;
	}
	a = atol(argv[1]);
	b = atol(argv[2]);
	s = atol(argv[3]);
	g = atol(argv[4]);
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
		printf("done\n");
	}
	return 0;
}
