/* Benchmark driver for bench/run.sh: measures a tracer's start-up and cost, and drives
 * bounded event storms. Every figure comes from the kernel (rusage, /proc), not from the
 * tracer's own report, so tracebox and BCC's Python tools are measured the same way.
 *
 *   tbbench start CMD...                  start-up: ms to first output line, CPU, RSS
 *   tbbench storm KIND N                  a storm alone: exec | fork | getppid | open
 *   tbbench traced KIND N CMD...          the storm under CMD: events seen, lost, slowdown
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

struct tracer {
	pid_t pid;
	int out;       /* its stdout */
	int err_fd;    /* its stderr, kept in a temp file for "lost" reports */
	double ready_ms;
	long anon_kb;
	long lines;
};

static long rss_anon_kb(pid_t pid)
{
	char path[64], line[256];
	long kb = -1;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/status", pid);
	f = fopen(path, "r");
	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "RssAnon: %ld", &kb) == 1)
			break;
	if (f)
		fclose(f);
	return kb;
}

/* Counts newlines arriving on fd within timeout_ms; returns -1 on EOF. */
static long drain(int fd, int timeout_ms)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	char buf[65536];
	long lines = 0;

	while (poll(&p, 1, timeout_ms) > 0) {
		ssize_t n = read(fd, buf, sizeof(buf));
		if (n <= 0)
			return lines ? lines : -1;
		for (ssize_t i = 0; i < n; i++)
			lines += buf[i] == '\n';
		timeout_ms = 0;
	}
	return lines;
}

/* Starts the tracer and waits for its first line of output: every tool prints its header
 * (or BCC's "Tracing... Hit Ctrl-C") once its probes are attached. */
static int tracer_start(struct tracer *t, char **argv)
{
	int fds[2];
	char errpath[] = "/tmp/tbbench-err.XXXXXX";
	double start = now_ms();

	if (pipe(fds))
		return -1;
	t->err_fd = mkstemp(errpath);
	unlink(errpath);
	t->pid = fork();
	if (t->pid == 0) {
		dup2(fds[1], 1);
		dup2(t->err_fd, 2);
		close(fds[0]);
		signal(SIGINT, SIG_DFL);
		execvp(argv[0], argv);
		_exit(127);
	}
	close(fds[1]);
	t->out = fds[0];
	t->lines = 0;
	for (;;) {
		struct pollfd p = { .fd = t->out, .events = POLLIN };
		char c;

		if (poll(&p, 1, 120000) <= 0 || read(t->out, &c, 1) != 1)
			return -1;
		if (c == '\n')
			break;
	}
	t->ready_ms = now_ms() - start;
	/* let the first interval's allocations settle before reading its memory */
	usleep(200000);
	t->anon_kb = rss_anon_kb(t->pid);
	return 0;
}

/* SIGTERM, then waits; fills CPU and peak RSS from the kernel's accounting of the child.
 * SIGTERM rather than SIGINT: BCC's Python tools lose a SIGINT that lands inside a perf buffer
 * callback (ctypes ignores the KeyboardInterrupt there), which a busy event stream makes
 * likely; tracebox's tools treat both alike. SIGKILL if it has not ended after 20 s. */
static int tracer_stop(struct tracer *t, double *cpu_ms, long *maxrss_kb)
{
	double deadline = now_ms() + 20000;
	struct rusage ru;
	int status;
	long n;

	kill(t->pid, SIGTERM);
	while ((n = drain(t->out, 200)) >= 0) {
		t->lines += n;
		if (now_ms() > deadline) {
			kill(t->pid, SIGKILL);
			deadline += 1e9;
		}
	}
	if (wait4(t->pid, &status, 0, &ru) < 0)
		return -1;
	*cpu_ms = ru.ru_utime.tv_sec * 1e3 + ru.ru_utime.tv_usec / 1e3 + ru.ru_stime.tv_sec * 1e3 +
		  ru.ru_stime.tv_usec / 1e3;
	*maxrss_kb = ru.ru_maxrss;
	close(t->out);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/* "lost N" reported by the tracer on stderr (tracebox: "lost N of M events"; BCC: "Possibly
 * lost N samples"), summed. */
static long tracer_lost(struct tracer *t)
{
	char buf[1 << 16], *p;
	ssize_t n = pread(t->err_fd, buf, sizeof(buf) - 1, 0);
	long lost = 0, v;

	buf[n > 0 ? n : 0] = 0;
	for (p = buf; (p = strstr(p, "lost ")); p += 5)
		if (sscanf(p + 5, "%ld", &v) == 1)
			lost += v;
	return lost;
}

static double storm(const char *kind, long n)
{
	double start = now_ms();

	if (!strcmp(kind, "getppid")) {
		for (long i = 0; i < n; i++)
			syscall(SYS_getppid);
	} else if (!strcmp(kind, "open")) {
		for (long i = 0; i < n; i++)
			close(open("/etc/hostname", O_RDONLY));
	} else {
		bool exec = !strcmp(kind, "exec");
		for (long i = 0; i < n; i++) {
			pid_t pid = fork();
			if (pid == 0) {
				if (exec)
					execl("/bin/true", "true", (char *)NULL);
				_exit(0);
			}
			waitpid(pid, NULL, 0);
		}
	}
	return now_ms() - start;
}

int main(int argc, char **argv)
{
	struct tracer t;
	double cpu_ms, storm_ms;
	long maxrss;
	int rc;

	signal(SIGPIPE, SIG_IGN);
	if (argc >= 3 && !strcmp(argv[1], "start")) {
		if (tracer_start(&t, argv + 2)) {
			fprintf(stderr, "tbbench: %s did not start\n", argv[2]);
			return 1;
		}
		rc = tracer_stop(&t, &cpu_ms, &maxrss);
		printf("ready_ms=%.1f cpu_ms=%.0f maxrss_kb=%ld anon_kb=%ld exit=%d\n", t.ready_ms,
		       cpu_ms, maxrss, t.anon_kb, rc);
		return 0;
	}
	if (argc == 4 && !strcmp(argv[1], "storm")) {
		long n = atol(argv[3]);
		storm_ms = storm(argv[2], n);
		printf("storm_ms=%.0f rate=%.0f\n", storm_ms, n / storm_ms * 1e3);
		return 0;
	}
	if (argc >= 5 && !strcmp(argv[1], "traced")) {
		long n = atol(argv[3]);
		if (tracer_start(&t, argv + 4)) {
			fprintf(stderr, "tbbench: %s did not start\n", argv[4]);
			return 1;
		}
		drain(t.out, 0);
		storm_ms = storm(argv[2], n);
		rc = tracer_stop(&t, &cpu_ms, &maxrss);
		printf("storm_ms=%.0f rate=%.0f events=%ld lost=%ld cpu_ms=%.0f exit=%d\n", storm_ms,
		       n / storm_ms * 1e3, t.lines, tracer_lost(&t), cpu_ms, rc);
		return 0;
	}
	fprintf(stderr, "usage: tbbench start CMD... | storm KIND N | traced KIND N CMD...\n");
	return 2;
}
