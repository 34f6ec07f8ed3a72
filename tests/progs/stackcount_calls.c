/* A workload for stackcount with known calls: prints "ready PID", then for each line read
 * calls target() 100 times from caller_a() and 7 times from caller_b(), and getppid() 50 times
 * from ppid_caller(), and prints "done". Frame pointers (the tests' build) name the callers. */
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

volatile unsigned long sink;

__attribute__((noinline)) void bump(int i)
{
	sink += (unsigned long)i;
}

/* not a leaf: the compiler may leave a leaf's frame pointer out (-momit-leaf-frame-pointer),
 * and the kernel finds the caller of a function stopped at its entry only after "push %rbp" */
__attribute__((noinline)) void target(int i)
{
	bump(i);
}

__attribute__((noinline)) void caller_a(void)
{
	for (int i = 0; i < 100; i++)
		target(i);
}

__attribute__((noinline)) void caller_b(void)
{
	for (int i = 0; i < 7; i++)
		target(i);
}

/* the raw syscall: the tracepoint sees each call, whatever the C library caches */
__attribute__((noinline)) void ppid_caller(void)
{
	for (int i = 0; i < 50; i++)
		sink += (unsigned long)syscall(SYS_getppid);
}

int main(void)
{
	char line[64];

	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("ready %d\n", getpid());
	while (fgets(line, sizeof(line), stdin)) {
		caller_a();
		caller_b();
		ppid_caller();
		printf("done\n");
	}
	return 0;
}
