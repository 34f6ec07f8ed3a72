/* Workload for argdist's test: functions called with arguments of a known distribution, once
 * per line read on stdin ("done" after each round). Prints "ready PID" first.
 * Per round:
 *   argdist_alloc(size)     10 times with 8, 20 with 100, 5 with 5000 (each mallocs size
 *                           and fires the USDT probe argdist:alloc with it)
 *   argdist_name(s)         3 times "alpha", 2 times "beta"
 *   argdist_pair(fd, len)   4 times (1, 10), 6 times (2, 20)
 *   argdist_slow(ms)        sleeps ms, returns ms * 2: 2 times with 1, 3 times with 20
 *   write(42, buf, n)       3 times 64 bytes, 2 times 3000 bytes (fd 42 is /dev/null) */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sdt.h>
#include <time.h>
#include <unistd.h>

volatile long sink;

__attribute__((noinline)) int argdist_alloc(int size)
{
	char *p = malloc(size);

	STAP_PROBE1(argdist, alloc, size);
	if (p)
		p[0] = 1;
	sink += p != NULL;
	free(p);
	return size;
}

__attribute__((noinline)) int argdist_name(const char *s)
{
	sink += strlen(s);
	return 0;
}

__attribute__((noinline)) long argdist_pair(int fd, long len)
{
	sink += fd + len;
	return len;
}

__attribute__((noinline)) int argdist_slow(int ms)
{
	struct timespec ts = { 0, ms * 1000000L };

	nanosleep(&ts, NULL);
	return ms * 2;
}

static void round_once(void)
{
	static char buf[3000];
	int i;

	for (i = 0; i < 10; i++)
		argdist_alloc(8);
	for (i = 0; i < 20; i++)
		argdist_alloc(100);
	for (i = 0; i < 5; i++)
		argdist_alloc(5000);
	for (i = 0; i < 3; i++)
		argdist_name("alpha");
	for (i = 0; i < 2; i++)
		argdist_name("beta");
	for (i = 0; i < 4; i++)
		argdist_pair(1, 10);
	for (i = 0; i < 6; i++)
		argdist_pair(2, 20);
	for (i = 0; i < 2; i++)
		argdist_slow(1);
	for (i = 0; i < 3; i++)
		argdist_slow(20);
	for (i = 0; i < 3; i++)
		if (write(42, buf, 64) < 0)
			perror("write");
	for (i = 0; i < 2; i++)
		if (write(42, buf, sizeof(buf)) < 0)
			perror("write");
}

int main(void)
{
	char line[64];
	int fd = open("/dev/null", O_WRONLY);

	if (fd < 0 || dup2(fd, 42) < 0) {
		perror("/dev/null");
		return 1;
	}
	printf("ready %d\n", (int)getpid());
	fflush(stdout);
	while (fgets(line, sizeof(line), stdin)) {
		round_once();
		printf("done\n");
		fflush(stdout);
	}
	return 0;
}
