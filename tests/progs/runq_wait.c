/* Workload for runqslower tests: run queue waits made on purpose. Usage:
 *   runq_wait [-d] BUSY ROUNDS [SLEEP_US [SPIN_US]]
 * Pins itself to one CPU (the last it may use), starts BUSY threads named "rq_busy" there and
 * names itself "rq_marker". A run sets the busy threads spinning while the main thread, the
 * marker, ROUNDS times sleeps SLEEP_US (default 1000) and then spins SPIN_US of its own CPU
 * time (default 3000); between runs they block.
 * Each wake-up and each preemption of the marker leaves it waiting behind the busy threads,
 * which share its only CPU: waits of about a scheduler slice per busy thread, milliseconds,
 * and the task it takes the CPU from is mostly one of them (or whatever else runs there).
 * Prints "busy TID" for each busy thread and "ready PID" (PID is the marker's TID too), then
 * "done" after each run. One run, or with -d one per line read on stdin until EOF. */
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define MAX_BUSY 16

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
static pthread_barrier_t started;
static volatile int running, quit;
static long rounds, sleep_us = 1000, spin_us = 3000;

static long gettid_(void)
{
	return syscall(SYS_gettid);
}

static long long cpu_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* spins while a run is on, blocked between runs */
static void *busy(void *arg)
{
	volatile unsigned long x = 0;

	*(long *)arg = gettid_();
	prctl(PR_SET_NAME, "rq_busy");
	pthread_barrier_wait(&started);
	for (;;) {
		pthread_mutex_lock(&lock);
		while (!running && !quit)
			pthread_cond_wait(&cond, &lock);
		pthread_mutex_unlock(&lock);
		if (quit)
			return NULL;
		while (running)
			x++;
	}
}

static void set_running(int on)
{
	pthread_mutex_lock(&lock);
	running = on;
	pthread_cond_broadcast(&cond);
	pthread_mutex_unlock(&lock);
}

static void run(void)
{
	struct timespec nap = { 0, sleep_us * 1000 };
	volatile unsigned long x = 0;

	set_running(1);
	for (long r = 0; r < rounds; r++) {
		long long end;

		nanosleep(&nap, NULL);
		/* CPU time, not wall time: the spin lasts past preemptions */
		for (end = cpu_ns() + spin_us * 1000; cpu_ns() < end;)
			x++;
	}
	set_running(0);
	printf("done\n");
	fflush(stdout);
}

int main(int argc, char **argv)
{
	pthread_t b[MAX_BUSY];
	long btid[MAX_BUSY] = { 0 };
	int nbusy, cpu = -1, driven = argc > 1 && !strcmp(argv[1], "-d");
	char line[64];
	cpu_set_t set;

	argv += driven;
	argc -= driven;
	if (argc < 3 || (nbusy = atoi(argv[1])) < 1 || nbusy > MAX_BUSY ||
	    (rounds = atol(argv[2])) < 1) {
		fprintf(stderr, "usage: runq_wait [-d] BUSY(1-%d) ROUNDS [SLEEP_US [SPIN_US]]\n",
			MAX_BUSY);
		return 2;
	}
	if (argc > 3)
		sleep_us = atol(argv[3]);
	if (argc > 4)
		spin_us = atol(argv[4]);
	if (sched_getaffinity(0, sizeof(set), &set)) {
		perror("sched_getaffinity");
		return 1;
	}
	for (int i = 0; i < CPU_SETSIZE; i++)
		if (CPU_ISSET(i, &set))
			cpu = i;
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	/* before the threads start: they inherit it */
	if (sched_setaffinity(0, sizeof(set), &set)) {
		perror("sched_setaffinity");
		return 1;
	}
	/* threads start with their creator's name: not the marker's, for their first waits */
	prctl(PR_SET_NAME, "rq_spawn");
	pthread_barrier_init(&started, NULL, nbusy + 1);
	for (int i = 0; i < nbusy; i++)
		pthread_create(&b[i], NULL, busy, &btid[i]);
	pthread_barrier_wait(&started);
	prctl(PR_SET_NAME, "rq_marker");
	for (int i = 0; i < nbusy; i++)
		printf("busy %ld\n", btid[i]);
	printf("ready %d\n", (int)getpid());
	fflush(stdout);
	if (!driven)
		run();
	while (driven && fgets(line, sizeof(line), stdin))
		run();
	set_running(0);
	pthread_mutex_lock(&lock);
	quit = 1;
	pthread_cond_broadcast(&cond);
	pthread_mutex_unlock(&lock);
	for (int i = 0; i < nbusy; i++)
		pthread_join(b[i], NULL);
	return 0;
}
