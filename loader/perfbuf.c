/* Perf buffers for BPF_PERF_OUTPUT tables: one reader per online CPU, batched wake-ups with a
 * periodic drain, lost events counted and reported, and the poll loop every tool runs. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <bcc/libbpf.h>
#include <bcc/perf_reader.h>

#include "internal.h"
#include "tb_object.h"
#include "tb_log.h"
#include "tb_options.h"

/* One per CPU and buffer: libbcc's callbacks carry one cookie, and events need their CPU. */
struct tb_reader_cookie {
	struct tb_perfbuf *buf;
	int cpu;
};

struct tb_perfbuf {
	char table[64];
	tb_event_fn fn;
	void *ctx;
	struct tb_reader_cookie *cookies;
	uint64_t events;
	uint64_t lost;
	uint64_t lost_reported;
	uint64_t last_warn_ns;
};

static void on_event(void *cookie, void *data, int size)
{
	struct tb_reader_cookie *c = cookie;

	c->buf->events++;
	c->buf->fn(c->buf->ctx, c->cpu, data, size);
}

static void on_lost(void *cookie, uint64_t lost)
{
	struct tb_reader_cookie *c = cookie;
	struct tb_perfbuf *buf = c->buf;
	uint64_t now = tb_monotonic_ns();

	buf->lost += lost;
	/* say it while it happens, at most once a second; the total comes again at exit */
	if (now - buf->last_warn_ns >= 1000000000ull) {
		tb_warn("lost %llu events from '%s' so far (buffers full): try a larger "
			"--perf-pages", (unsigned long long)buf->lost, buf->table);
		buf->last_warn_ns = now;
		buf->lost_reported = buf->lost;
	}
}

int tb_perfbuf_open(struct tb_prog *prog, const char *table, tb_event_fn fn, void *ctx)
{
	const struct tb_table *t = tb_object_table(prog->obj, table);
	int map_fd = t ? t->fd : -1, ncpus = tb_cpus_possible(), err = 0;
	struct tb_perfbuf *buf, **bufs;
	struct perf_reader **readers;

	if (map_fd < 0) {
		tb_error("failed to open perf buffer '%s': no such BPF_PERF_OUTPUT table in '%s'",
			 table, prog->source_name);
		return -ENOENT;
	}
	buf = calloc(1, sizeof(*buf));
	bufs = realloc(prog->bufs, (prog->nbufs + 1) * sizeof(*bufs));
	if (!buf || !bufs) {
		free(buf);
		return -ENOMEM;
	}
	prog->bufs = bufs;
	bufs[prog->nbufs++] = buf;
	snprintf(buf->table, sizeof(buf->table), "%s", table);
	buf->fn = fn;
	buf->ctx = ctx;
	buf->cookies = calloc(ncpus, sizeof(*buf->cookies));
	readers = realloc(prog->readers, (prog->nreaders + ncpus) * sizeof(*readers));
	if (!buf->cookies || !readers)
		return -ENOMEM;
	prog->readers = readers;

	for (int cpu = 0; cpu < ncpus; cpu++) {
		struct bcc_perf_buffer_opts opts = {
			.pid = -1, .cpu = cpu, .wakeup_events = tb_common.wakeup_events,
		};
		struct perf_reader *reader;
		int reader_fd;

		if (!tb_cpu_online(cpu))
			continue;
		buf->cookies[cpu].buf = buf;
		buf->cookies[cpu].cpu = cpu;
		reader = bpf_open_perf_buffer_opts(on_event, on_lost, &buf->cookies[cpu],
						   tb_common.perf_pages, &opts);
		if (!reader) {
			err = errno ? errno : EINVAL;
			tb_error("failed to open perf buffer '%s' on CPU %d: %s%s", table, cpu,
				 strerror(err), tb_errno_hint(err));
			return -err;
		}
		prog->readers[prog->nreaders++] = reader;
		reader_fd = perf_reader_fd(reader);
		if (bpf_update_elem(map_fd, &cpu, &reader_fd, 0) < 0) {
			err = errno;
			tb_error("failed to connect perf buffer '%s' on CPU %d: %s", table, cpu,
				 strerror(err));
			return -err;
		}
	}
	tb_info("opened perf buffer '%s': %d pages per CPU, wake-up every %d events", table,
		tb_common.perf_pages, tb_common.wakeup_events);
	return 0;
}

int tb_prog_poll(struct tb_prog *prog, int timeout_ms)
{
	uint64_t before = 0, after = 0;
	int err;

	if (!prog->nreaders) {
		usleep(timeout_ms * 1000);
		return 0;
	}
	for (int i = 0; i < prog->nbufs; i++)
		before += prog->bufs[i]->events;
	err = perf_reader_poll(prog->nreaders, prog->readers, timeout_ms);
	if (err < 0 && errno != EINTR) {
		err = errno;
		tb_error("failed to poll perf buffers: %s", strerror(err));
		return -err;
	}
	/* wake-ups are batched: whatever sits below the batch size is read here */
	perf_reader_consume(prog->nreaders, prog->readers);
	for (int i = 0; i < prog->nbufs; i++)
		after += prog->bufs[i]->events;
	fflush(stdout);
	return (int)(after - before);
}

uint64_t tb_prog_lost_events(const struct tb_prog *prog)
{
	uint64_t lost = 0;

	for (int i = 0; prog && i < prog->nbufs; i++)
		lost += prog->bufs[i]->lost;
	return lost;
}

int tb_prog_watch_pid(struct tb_prog *prog, pid_t pid)
{
	if (pid <= 0 || (kill(pid, 0) && errno == ESRCH)) {
		tb_error("failed to watch process %d: no such process", (int)pid);
		return -ESRCH;
	}
	prog->watch_pid = pid;
	prog->watch_fd = -1;
#ifdef SYS_pidfd_open
	/* a pidfd also sees a zombie as exited, which kill(pid, 0) does not */
	prog->watch_fd = syscall(SYS_pidfd_open, pid, 0);
#endif
	tb_info("watching process %d: tracing ends when it exits (%s)", (int)pid,
		prog->watch_fd >= 0 ? "pidfd" : "kill(pid, 0)");
	return 0;
}

static bool watched_pid_exited(const struct tb_prog *prog)
{
	struct pollfd pfd = { .fd = prog->watch_fd, .events = POLLIN };

	if (prog->watch_pid <= 0)
		return false;
	if (prog->watch_fd >= 0)
		return poll(&pfd, 1, 0) > 0;
	return kill(prog->watch_pid, 0) && errno == ESRCH;
}

void tb_prog_announce(struct tb_prog *prog)
{
	/* scripts and tests wait for this line to know the probes are live */
	if (tb_log_verbosity()) {
		uint64_t now = tb_monotonic_ns();
		tb_info("start-up: %.0f ms (headers and compile %.0f, load %.1f, attach and perf "
			"buffers %.1f)", (now - prog->start_ns) / 1e6,
			(prog->compiled_ns - prog->start_ns) / 1e6, prog->load_ns / 1e6,
			(now - prog->compiled_ns - prog->load_ns) / 1e6);
		tb_info("tracing with %d probes attached; Ctrl-C to end", prog->nlinks);
	}
}

int tb_prog_run(struct tb_prog *prog, long duration_ms)
{
	uint64_t deadline = duration_ms > 0 ? tb_monotonic_ns() + duration_ms * 1000000ull : 0;
	int err;

	tb_prog_announce(prog);
	while (!tb_should_stop()) {
		err = tb_prog_poll(prog, 100);
		if (err < 0)
			return err;
		if (ferror(stdout)) /* the reader went away (EPIPE): nothing left to do */
			break;
		if (deadline && tb_monotonic_ns() >= deadline)
			break;
		if (watched_pid_exited(prog)) {
			/* what it did just before exiting is still in the buffers: read it first */
			tb_prog_poll(prog, 0);
			fprintf(stderr, "%s: process %d exited; stopping\n", tb_log_tool(),
				(int)prog->watch_pid);
			break;
		}
	}
	return 0;
}

void tb_perfbufs_close(struct tb_prog *prog)
{
	/* read what is still buffered so that nothing submitted before exit is dropped */
	if (prog->nreaders)
		perf_reader_consume(prog->nreaders, prog->readers);
	fflush(stdout);
	for (int i = 0; i < prog->nreaders; i++)
		perf_reader_free(prog->readers[i]);
	free(prog->readers);
	prog->readers = NULL;
	prog->nreaders = 0;
	for (int i = 0; i < prog->nbufs; i++) {
		struct tb_perfbuf *buf = prog->bufs[i];

		if (buf->lost)
			tb_warn("lost %llu of %llu events from '%s' (perf buffers full): try a "
				"larger --perf-pages or a higher --wakeup", (unsigned long long)buf->lost,
				(unsigned long long)(buf->lost + buf->events), buf->table);
		free(buf->cookies);
		free(buf);
	}
	free(prog->bufs);
	prog->bufs = NULL;
	prog->nbufs = 0;
}
