/* Target for uprobe and USDT tests: calls tb_target_func() and fires the USDT probe
 * tbtest:tick (no semaphore) every 10 ms, forever or N times with an argument. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/sdt.h>
#include <unistd.h>

__attribute__((noinline)) int tb_target_func(int i)
{
	__asm__ volatile("" ::: "memory");
	return i * 2;
}

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : -1;

	printf("ready %d\n", getpid());
	fflush(stdout);
	for (long i = 0; n < 0 || i < n; i++) {
		tb_target_func((int)i);
		STAP_PROBE2(tbtest, tick, i, 42);
		usleep(10000);
	}
	return 0;
}
