/* Workloads for the histogram tools' tests:
 *   hist_load spin THREADS MS     more runnable threads than CPUs, for run queue latency
 *   hist_load procs N MS          N processes waking every millisecond, for per-process
 *                                 histograms with many sections
 *   hist_load tcp ROUNDS          loopback TCP ping-pong, for net_rx/net_tx softirqs
 *   hist_load dio FILE BLOCKS     O_DIRECT writes then reads of 4 KiB blocks, synced, for
 *                                 block I/O latency and the disk's interrupts
 *   hist_load dioread DEV BLOCKS  O_DIRECT reads only, of a scratch block device
 *   hist_load runs N BUSY_MS SLEEP_MS  N rounds of sleeping SLEEP_MS then spinning BUSY_MS,
 *                                 as SCHED_FIFO so that no other task cuts a run short: N
 *                                 runs on the CPU of BUSY_MS and N spells off it of SLEEP_MS
 *                                 (plus wake-up time), for on-/off-CPU time
 * Prints "pid N" first so tests can filter on it. */
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sched.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static long spin_ms;

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000ull + ts.tv_nsec / 1000000;
}

static void *spin(void *arg)
{
	uint64_t end = now_ms() + spin_ms;
	volatile uint64_t x = 0;

	while (now_ms() < end)
		x++;
	return NULL;
}

static int do_spin(int n, long ms)
{
	pthread_t t[64];

	if (n < 1 || n > 64)
		return 2;
	spin_ms = ms;
	for (int i = 0; i < n; i++)
		pthread_create(&t[i], NULL, spin, NULL);
	for (int i = 0; i < n; i++)
		pthread_join(t[i], NULL);
	return 0;
}

static int do_procs(int n, long ms)
{
	for (int i = 0; i < n; i++) {
		pid_t pid = fork();

		if (pid < 0)
			return perror("fork"), 1;
		if (pid == 0) {
			uint64_t end = now_ms() + ms;

			while (now_ms() < end)
				usleep(1000);
			_exit(0);
		}
	}
	while (wait(NULL) > 0)
		;
	return 0;
}

static int do_tcp(int rounds)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof(a);
	int l = socket(AF_INET, SOCK_STREAM, 0), c, s;
	char buf[1024] = { 0 };

	if (l < 0 || bind(l, (void *)&a, sizeof(a)) || listen(l, 1) ||
	    getsockname(l, (void *)&a, &len))
		return perror("listen"), 1;
	c = socket(AF_INET, SOCK_STREAM, 0);
	if (c < 0 || connect(c, (void *)&a, sizeof(a)))
		return perror("connect"), 1;
	s = accept(l, NULL, NULL);
	if (s < 0)
		return perror("accept"), 1;
	for (int i = 0; i < rounds; i++) {
		if (write(c, buf, sizeof(buf)) != sizeof(buf) ||
		    read(s, buf, sizeof(buf)) <= 0 ||
		    write(s, buf, 1) != 1 || read(c, buf, 1) != 1)
			return perror("ping-pong"), 1;
	}
	close(s);
	close(c);
	close(l);
	return 0;
}

static int do_dio(const char *path, int blocks)
{
	void *buf;
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC | O_DIRECT, 0600);

	if (fd < 0)
		return perror(path), 1;
	if (posix_memalign(&buf, 4096, 4096))
		return 1;
	memset(buf, 'x', 4096);
	for (int i = 0; i < blocks; i++)
		if (pwrite(fd, buf, 4096, (off_t)i * 4096) != 4096)
			return perror("pwrite"), 1;
	fsync(fd);
	for (int i = 0; i < blocks; i++)
		if (pread(fd, buf, 4096, (off_t)i * 4096) != 4096)
			return perror("pread"), 1;
	close(fd);
	unlink(path);
	free(buf);
	return 0;
}

/* Reads only: for a scratch block device, whose contents are never written. */
static int do_dioread(const char *path, int blocks)
{
	void *buf;
	int fd = open(path, O_RDONLY | O_DIRECT);

	if (fd < 0)
		return perror(path), 1;
	if (posix_memalign(&buf, 4096, 4096))
		return 1;
	for (int i = 0; i < blocks; i++)
		if (pread(fd, buf, 4096, (off_t)i * 4096) != 4096)
			return perror("pread"), 1;
	close(fd);
	free(buf);
	return 0;
}

static int do_runs(int n, long busy_ms, long sleep_ms)
{
	/* above the kernel's priority-1 FIFO threads (rcu_preempt...), below its irq threads */
	struct sched_param sp = { .sched_priority = 10 };
	struct timespec nap = { sleep_ms / 1000, (sleep_ms % 1000) * 1000000 };
	volatile uint64_t x = 0;

	if (sched_setscheduler(0, SCHED_FIFO, &sp))
		return perror("sched_setscheduler SCHED_FIFO"), 1;
	for (int i = 0; i < n; i++) {
		uint64_t end;

		nanosleep(&nap, NULL);
		for (end = now_ms() + busy_ms; now_ms() < end;)
			x++;
	}
	return 0;
}

int main(int argc, char **argv)
{
	printf("pid %d\n", getpid());
	fflush(stdout);
	if (argc == 4 && !strcmp(argv[1], "spin"))
		return do_spin(atoi(argv[2]), atol(argv[3]));
	if (argc == 4 && !strcmp(argv[1], "procs"))
		return do_procs(atoi(argv[2]), atol(argv[3]));
	if (argc == 3 && !strcmp(argv[1], "tcp"))
		return do_tcp(atoi(argv[2]));
	if (argc == 4 && !strcmp(argv[1], "dio"))
		return do_dio(argv[2], atoi(argv[3]));
	if (argc == 4 && !strcmp(argv[1], "dioread"))
		return do_dioread(argv[2], atoi(argv[3]));
	if (argc == 5 && !strcmp(argv[1], "runs"))
		return do_runs(atoi(argv[2]), atol(argv[3]), atol(argv[4]));
	fprintf(stderr, "usage: hist_load spin THREADS MS | procs N MS | tcp ROUNDS | dio FILE BLOCKS | dioread DEVICE BLOCKS | runs N BUSY_MS SLEEP_MS\n");
	return 2;
}
