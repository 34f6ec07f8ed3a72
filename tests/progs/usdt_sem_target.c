/* Target for USDT semaphore tests: the probe tbtest:tock has a semaphore and fires only while
 * a tracer has enabled it; prints whether it was enabled, so tests can check it is restored. */
#define _SDT_HAS_SEMAPHORES 1
#include <stdio.h>
#include <stdlib.h>
#include <sys/sdt.h>
#include <unistd.h>

unsigned short tbtest_tock_semaphore __attribute__((section(".probes"))) __attribute__((used));

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : -1;
	int was_enabled = 0;

	printf("ready %d\n", getpid());
	fflush(stdout);
	for (long i = 0; n < 0 || i < n; i++) {
		if (tbtest_tock_semaphore) {
			STAP_PROBE1(tbtest, tock, i);
			if (!was_enabled)
				printf("enabled\n");
			was_enabled = 1;
		} else if (was_enabled) {
			printf("disabled\n");
			was_enabled = 0;
		}
		fflush(stdout);
		usleep(10000);
	}
	return 0;
}
