/* A workload for the stack tools: "spin SECONDS" burns CPU in hot_spin(); "syscalls SECONDS"
 * loops on getppid(); "leak" allocates, frees all but 10 x 1000 bytes from leak_here(), prints
 * "ready PID" first and waits for a line on stdin before and after allocating; "leaksleep
 * SECONDS" leaks the same at once and sleeps; "offcpu N MS [HOLD_MS]" sleeps (as SCHED_FIFO)
 * MS milliseconds N times in off_cpu_sleep(), which makes the nanosleep syscall itself (no libc
 * frame, which would hide it from a frame-pointer walk), so the time off the CPU is seen with
 * off_cpu_sleep on the stack; then prints "slept" and stays HOLD_MS longer in hold_sleep(),
 * alive for its symbols to be read. */
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

volatile unsigned long sink;

__attribute__((noinline)) void hot_spin(double secs)
{
	double end = now() + secs;

	while (now() < end)
		for (unsigned long i = 0; i < 100000; i++)
			sink += i * i;
}

__attribute__((noinline)) void syscall_loop(double secs)
{
	double end = now() + secs;

	while (now() < end)
		for (int i = 0; i < 1000; i++)
			sink += getppid();
}

void *leaks[10];

__attribute__((noinline)) void leak_here(void)
{
	for (int i = 0; i < 10; i++) {
		leaks[i] = malloc(1000);
		memset(leaks[i], 1, 1000);
	}
}

__attribute__((noinline)) void alloc_and_free(void)
{
	for (int i = 0; i < 100; i++) {
		void *p = malloc(64 + i), *q = calloc(4, 32), *r = NULL;

		p = realloc(p, 4096);
		if (posix_memalign(&r, 64, 256) == 0)
			free(r);
		free(q);
		free(p);
	}
}

__attribute__((noinline)) void off_cpu_sleep(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000 };
#if defined(__x86_64__)
	long ret;

	__asm__ volatile("syscall" : "=a"(ret) : "0"((long)SYS_nanosleep), "D"(&ts), "S"(0L)
			 : "rcx", "r11", "memory");
#else
	syscall(SYS_nanosleep, &ts, NULL);
#endif
}

__attribute__((noinline)) void hold_sleep(long ms)
{
	off_cpu_sleep(ms);
}

int main(int argc, char **argv)
{
	char line[64];
	double secs = argc > 2 ? atof(argv[2]) : 3;

	if (argc < 2) {
		fprintf(stderr, "usage: stack_work spin|syscalls|leaksleep SECONDS | leak | offcpu N MS\n");
		return 2;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (!strcmp(argv[1], "spin")) {
		hot_spin(secs);
	} else if (!strcmp(argv[1], "syscalls")) {
		syscall_loop(secs);
	} else if (!strcmp(argv[1], "offcpu") && argc > 3) {
		/* SCHED_FIFO: woken, it runs at once, so its time off the CPU is its sleeps alone
		 * and not a wait for a CPU after each (a busy machine added 150 ms to 10) */
		struct sched_param sp = { .sched_priority = 10 };

		if (sched_setscheduler(0, SCHED_FIFO, &sp))
			perror("sched_setscheduler SCHED_FIFO");
		for (int i = atoi(argv[2]); i > 0; i--)
			off_cpu_sleep(atol(argv[3]));
		printf("slept\n");
		if (argc > 4)
			hold_sleep(atol(argv[4]));
	} else if (!strcmp(argv[1], "leaksleep")) {
		/* for memleak -c: no stdin, leak at once, stay alive to be symbolized */
		alloc_and_free();
		leak_here();
		alloc_and_free();
		sleep((unsigned)secs);
	} else if (!strcmp(argv[1], "leak")) {
		printf("ready %d\n", getpid());
		if (!fgets(line, sizeof(line), stdin))
			return 0;
		alloc_and_free();
		leak_here();
		alloc_and_free();
		printf("done\n");
		while (fgets(line, sizeof(line), stdin))
			printf("done\n");
	}
	return 0;
}
