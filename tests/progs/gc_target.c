/* A stand-in for a managed runtime's garbage collector, for javagc and ugc where no JVM or
 * Python is installed (the busybox-only VM guests). "gc_target hotspot|python" prints
 * "ready PID", waits until a tracer enables its probes (USDT semaphores, as HotSpot and CPython
 * guard theirs) and says "go" on stdin (so that the tracer is attached, not only its semaphores
 * raised), then runs exactly 5 "collections" of 20 ms each, 50 ms apart, and exits (3 when the
 * probes were not enabled by then).
 * Built also as jvm/libjvm.so: javagc looks for the JVM's probes in a mapping of that name. */
#define _SDT_HAS_SEMAPHORES 1
#include <stdio.h>
#include <string.h>
#include <sys/sdt.h>
#include <time.h>
#include <unistd.h>

unsigned short hotspot_gc__begin_semaphore __attribute__((section(".probes"), used));
unsigned short hotspot_gc__end_semaphore __attribute__((section(".probes"), used));
unsigned short python_gc__start_semaphore __attribute__((section(".probes"), used));
unsigned short python_gc__done_semaphore __attribute__((section(".probes"), used));

#define COLLECTIONS 5

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000 };

	while (nanosleep(&ts, &ts))
		;
}

int main(int argc, char **argv)
{
	int hotspot = argc > 1 && !strcmp(argv[1], "hotspot");
	volatile unsigned short *enabled = hotspot ? &hotspot_gc__begin_semaphore :
						     &python_gc__start_semaphore;

	if (argc != 2 || (!hotspot && strcmp(argv[1], "python"))) {
		fprintf(stderr, "usage: gc_target hotspot|python\n");
		return 2;
	}
	char line[16];

	printf("ready %d\n", getpid());
	fflush(stdout);
	if (!fgets(line, sizeof(line), stdin))
		return 1;
	if (!*enabled) {
		printf("not enabled\n");
		return 3;
	}
	for (int i = 0; i < COLLECTIONS; i++) {
		if (hotspot)
				STAP_PROBE1(hotspot, gc__begin, (char)1); /* bool full */
		else
			STAP_PROBE1(python, gc__start, 2);
		sleep_ms(20);
		if (hotspot)
			STAP_PROBE(hotspot, gc__end);
		else
			STAP_PROBE1(python, gc__done, (long)(100 + i)); /* Py_ssize_t */
		sleep_ms(50);
	}
	printf("done %d\n", COLLECTIONS);
	return 0;
}
