/* A workload for stackcount with known calls: prints "ready PID", then for each line read
 * calls target() 100 times from caller_a() and 7 times from caller_b() (which fires the USDT
 * probe sctest:hit as many times), and getppid() 50 times from ppid_caller(), and prints
 * "done". Frame pointers (the tests' build) name the callers. */
#include <stdio.h>
#include <sys/sdt.h>
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

/* also fires the USDT probe sctest:hit 7 times */
__attribute__((noinline)) void caller_b(void)
{
	for (int i = 0; i < 7; i++) {
		target(i);
		STAP_PROBE1(sctest, hit, i);
	}
}

/* The system call made here, not in the C library's wrapper: a user stack taken in the kernel
 * starts at the instruction after it, and a wrapper without a frame of its own would hide its
 * caller (the frame pointer chain skips the function it was called from); inlined even under
 * the tests' -fno-inline. */
static inline __attribute__((always_inline)) long raw_getppid(void)
{
#if defined(__x86_64__)
	long ret;

	__asm__ volatile("syscall" : "=a"(ret) : "a"((long)SYS_getppid) : "rcx", "r11", "memory");
	return ret;
#else
	return syscall(SYS_getppid);
#endif
}

/* not a leaf either (bump), so that it has a frame of its own */
__attribute__((noinline)) void ppid_caller(void)
{
	for (int i = 0; i < 50; i++)
		bump((int)raw_getppid());
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
