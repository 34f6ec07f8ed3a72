/* Workload for hello tests: writes "line\n" (5 bytes) to stdout N times (default 5), 20 ms
 * apart, with one write() each, and nothing else. */
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 5;
	struct timespec gap = { 0, 20 * 1000 * 1000 };

	for (int i = 0; i < n; i++) {
		if (write(1, "line\n", 5) != 5)
			return 1;
		nanosleep(&gap, NULL);
	}
	return 0;
}
