/* Perf buffers for BPF_PERF_OUTPUT tables: one ring per online CPU (perfring.c), batched
 * wake-ups with a periodic drain, events from every CPU and table delivered in the order they
 * happened (merged by sample time behind a short reorder window), and every event accounted
 * for: delivered, lost in the kernel (counted by the programs themselves and by the kernel's
 * LOST records), or dropped at exit when the output could not take it. */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <bcc/libbpf.h>

#include "internal.h"
#include "perfring.h"
#include "tb_log.h"
#include "tb_object.h"
#include "tb_options.h"

/* How long an event waits for older ones still on their way from other CPUs. A sample's time
 * is taken just before the kernel writes it into the ring, so a record older than this is
 * either in its ring already or never coming; 50 ms leaves room for an interrupted writer and
 * an emulated CPU descheduled by its host, and keeps an idle tool within 150 ms of the event. */
#define TB_REORDER_NS (50 * 1000000ull)
/* ... and how many may wait at most: past it, the oldest go out early (memory stays bounded
 * however fast events come; order can then suffer, and only then) */
#define TB_REORDER_MAX 200000

struct tb_perfbuf {
	char table[64];
	tb_event_fn fn;
	void *ctx;
	struct tb_ring *rings;
	int nrings;
};

/* every ring of every buffer, for the merge */
struct tb_source {
	struct tb_perfbuf *buf;
	struct tb_ring *ring;
};

struct tb_events {
	struct tb_source *src;
	int nsrc;
	struct pollfd *pfds;
	size_t staged;            /* records waiting in the stages */
	uint64_t delivered;       /* handed to the tool */
	uint64_t unflushed;       /* delivered since stdout was last flushed without error */
	uint64_t dropped;         /* read but not printed: the output failed or stalled at exit */
	uint64_t lost_seen;       /* the last total warned about */
	uint64_t last_warn_ns;
	int *heap;                /* source indices, min-heap on the head record's time */
	bool unordered;           /* TRACEBOX_UNORDERED=1 */
};

static struct tb_events *events_of(struct tb_prog *prog)
{
	if (!prog->events) {
		const char *u = getenv("TRACEBOX_UNORDERED");

		prog->events = calloc(1, sizeof(struct tb_events));
		if (prog->events)
			prog->events->unordered = u && *u && strcmp(u, "0");
	}
	return prog->events;
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

int tb_perfbuf_open(struct tb_prog *prog, const char *table, tb_event_fn fn, void *ctx)
{
	const struct tb_table *t = tb_object_table(prog->obj, table);
	int map_fd = t ? t->fd : -1, ncpus = tb_cpus_possible(), err;
	struct tb_events *ev = events_of(prog);
	struct tb_perfbuf *buf, **bufs;
	struct tb_source *src;
	struct pollfd *pfds;

	if (map_fd < 0) {
		tb_error("failed to open perf buffer '%s': no such BPF_PERF_OUTPUT table in '%s'",
			 table, prog->source_name);
		return -ENOENT;
	}
	buf = calloc(1, sizeof(*buf));
	bufs = realloc(prog->bufs, (prog->nbufs + 1) * sizeof(*bufs));
	if (!ev || !buf || !bufs) {
		free(buf);
		return -ENOMEM;
	}
	prog->bufs = bufs;
	bufs[prog->nbufs++] = buf;
	snprintf(buf->table, sizeof(buf->table), "%s", table);
	buf->fn = fn;
	buf->ctx = ctx;
	buf->rings = calloc(ncpus, sizeof(*buf->rings));
	src = realloc(ev->src, (ev->nsrc + ncpus) * sizeof(*src));
	pfds = realloc(ev->pfds, (ev->nsrc + ncpus) * sizeof(*pfds));
	if (src)
		ev->src = src;
	if (pfds)
		ev->pfds = pfds;
	free(ev->heap);
	ev->heap = calloc(ev->nsrc + ncpus, sizeof(*ev->heap));
	if (!buf->rings || !src || !pfds || !ev->heap)
		return -ENOMEM;

	for (int cpu = 0; cpu < ncpus; cpu++) {
		struct tb_ring *r = &buf->rings[buf->nrings];

		if (!tb_cpu_online(cpu))
			continue;
		err = tb_ring_open(r, cpu, tb_common.perf_pages, tb_common.wakeup_events);
		if (err) {
			tb_error("failed to open perf buffer '%s' on CPU %d: %s%s", table, cpu,
				 strerror(-err), tb_errno_hint(-err));
			return err;
		}
		buf->nrings++;
		if (bpf_update_elem(map_fd, &cpu, &r->fd, 0) < 0) {
			err = errno;
			tb_error("failed to connect perf buffer '%s' on CPU %d: %s", table, cpu,
				 strerror(err));
			return -err;
		}
		ev->src[ev->nsrc] = (struct tb_source){ buf, r };
		ev->pfds[ev->nsrc] = (struct pollfd){ .fd = r->fd, .events = POLLIN };
		ev->nsrc++;
	}
	tb_info("opened perf buffer '%s': %d pages per CPU, wake-up every %d events, delivered "
		"in time order (%llu ms reorder window)", table, tb_common.perf_pages,
		tb_common.wakeup_events, TB_REORDER_NS / 1000000);
	return 0;
}

/* --- the merge: a min-heap of sources by their oldest waiting record --------------------- */

static bool older(const struct tb_events *ev, int a, int b)
{
	const struct tb_staged *x = tb_stage_peek(&ev->src[a].ring->stage);
	const struct tb_staged *y = tb_stage_peek(&ev->src[b].ring->stage);

	if (x->time_ns != y->time_ns)
		return x->time_ns < y->time_ns;
	return a < b;
}

static void sift_down(struct tb_events *ev, int *heap, int n, int i)
{
	for (;;) {
		int l = 2 * i + 1, r = l + 1, m = i, t;

		if (l < n && older(ev, heap[l], heap[m]))
			m = l;
		if (r < n && older(ev, heap[r], heap[m]))
			m = r;
		if (m == i)
			return;
		t = heap[i];
		heap[i] = heap[m];
		heap[m] = t;
		i = m;
	}
}

static void deliver(struct tb_events *ev, struct tb_source *s)
{
	const struct tb_staged *st = tb_stage_peek(&s->ring->stage);

	ev->delivered++;
	ev->unflushed++;
	s->buf->fn(s->buf->ctx, s->ring->cpu, st->data, st->size);
	tb_stage_pop(&s->ring->stage);
	ev->staged--;
}

/* Reads every ring, then delivers, oldest first, what is older than the reorder window (all
 * of it when final). stop_at: a time after which nothing more is delivered (0: none). */
static uint64_t merge_round(struct tb_events *ev, bool final, uint64_t stop_at)
{
	uint64_t cutoff = final ? UINT64_MAX : now_ns() - TB_REORDER_NS, before = ev->delivered;
	int n = 0;

	for (int i = 0; i < ev->nsrc; i++) {
		int got = tb_ring_drain(ev->src[i].ring);

		if (got > 0)
			ev->staged += got;
	}
	/* TRACEBOX_UNORDERED=1: each CPU's events in turn, as read (the path before the merge,
	 * kept for bench/ and the tests to compare against) */
	if (ev->unordered) {
		for (int i = 0; i < ev->nsrc && !ferror_unlocked(stdout); i++)
			while (tb_stage_peek(&ev->src[i].ring->stage) && !ferror_unlocked(stdout))
				deliver(ev, &ev->src[i]);
		return ev->delivered - before;
	}
	for (int i = 0; i < ev->nsrc; i++)
		if (tb_stage_peek(&ev->src[i].ring->stage))
			ev->heap[n++] = i;
	for (int i = n / 2 - 1; i >= 0; i--)
		sift_down(ev, ev->heap, n, i);
	while (n > 0) {
		struct tb_source *s = &ev->src[ev->heap[0]];

		if (tb_stage_peek(&s->ring->stage)->time_ns > cutoff && ev->staged <= TB_REORDER_MAX)
			break;
		/* the output failed (the reader went away, or a stop signal cut a blocked write
		 * short): the rest waits for the last drain, which tries once more */
		if (ferror_unlocked(stdout))
			break;
		if (stop_at && (ev->delivered & 63) == 0 && now_ns() > stop_at)
			break;
		deliver(ev, s);
		if (!tb_stage_peek(&s->ring->stage))
			ev->heap[0] = ev->heap[--n];
		sift_down(ev, ev->heap, n, 0);
	}
	return ev->delivered - before;
}

/* --- accounting ------------------------------------------------------------------------------ */

/* Events the probes could not send: the programs count their failed perf_submit calls in
 * tb_lost (programs/tb_bpf.h), exact even when the tool stops before the kernel's LOST
 * records arrive; the LOST records count the same for programs without it (tbrun's). */
static uint64_t lost_counts(const struct tb_prog *prog, uint64_t *rings, uint64_t *bpf);

uint64_t tb_prog_lost_events(const struct tb_prog *prog)
{
	uint64_t rings, bpf;

	return lost_counts(prog, &rings, &bpf);
}

static uint64_t lost_counts(const struct tb_prog *prog, uint64_t *rings, uint64_t *bpf)
{
	const struct tb_table *t = prog && prog->obj ? tb_object_table(prog->obj, "tb_lost") : NULL;
	struct tb_events *ev = prog ? prog->events : NULL;
	uint64_t from_rings = 0, from_bpf = 0;
	uint32_t zero = 0;

	for (int i = 0; ev && i < ev->nsrc; i++)
		from_rings += ev->src[i].ring->lost;
	if (t && t->fd >= 0)
		tb_map_sum_percpu_u64(t->fd, &zero, &from_bpf);
	*rings = from_rings;
	*bpf = from_bpf;
	return from_bpf > from_rings ? from_bpf : from_rings;
}

/* While it happens, at most once a second; the total comes again at exit. */
static void warn_lost(struct tb_prog *prog)
{
	struct tb_events *ev = prog->events;
	uint64_t now = tb_monotonic_ns(), lost;

	if (now - ev->last_warn_ns < 1000000000ull)
		return;
	ev->last_warn_ns = now;
	lost = tb_prog_lost_events(prog);
	if (lost > ev->lost_seen) {
		tb_warn("lost %llu events so far (perf buffers full): try a larger --perf-pages",
			(unsigned long long)lost);
		ev->lost_seen = lost;
	}
}

/* stdout, flushed. What a failed write held is gone (stdio drops its buffer): the events
 * delivered since the last good flush count as dropped, perhaps a few too many (stdio may
 * have written part of them on its own), never too few. */
static void flush_output(struct tb_events *ev)
{
	if (fflush(stdout) == 0 && !ferror(stdout)) {
		ev->unflushed = 0;
		return;
	}
	ev->dropped += ev->unflushed;
	ev->delivered -= ev->unflushed;
	ev->unflushed = 0;
}

/* --- polling and the run loop ------------------------------------------------------------------ */

int tb_prog_poll(struct tb_prog *prog, int timeout_ms)
{
	struct tb_events *ev = prog->events;
	uint64_t n;

	if (!ev || !ev->nsrc) {
		usleep(timeout_ms * 1000);
		return 0;
	}
	if (poll(ev->pfds, ev->nsrc, timeout_ms) < 0 && errno != EINTR) {
		int err = errno;

		tb_error("failed to poll perf buffers: %s", strerror(err));
		return -err;
	}
	/* wake-ups are batched: whatever sits below the batch size is read here too */
	n = merge_round(ev, false, 0);
	if (n)
		flush_output(ev);
	warn_lost(prog);
	return (int)n;
}

int tb_prog_drain(struct tb_prog *prog)
{
	struct tb_events *ev = prog->events;
	uint64_t n;

	if (!ev || !ev->nsrc)
		return 0;
	n = merge_round(ev, true, 0);
	flush_output(ev);
	return (int)n;
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

bool tb_prog_watched_exited(const struct tb_prog *prog)
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
		/* the reader went away (EPIPE), or a stop signal cut a blocked write short */
		if (ferror(stdout))
			break;
		if (deadline && tb_monotonic_ns() >= deadline)
			break;
		if (tb_prog_watched_exited(prog)) {
			/* what it did just before exiting is still in the buffers: read it first */
			tb_prog_drain(prog);
			fprintf(stderr, "%s: process %d exited; stopping\n", tb_log_tool(),
				(int)prog->watch_pid);
			break;
		}
	}
	return 0;
}

/* After detaching (nothing new can come): everything left is delivered, in order, within a
 * second; what stdout cannot take by then (a full pipe nobody reads) is dropped, counted and
 * said, so that a stop never waits on the reader. */
void tb_perfbufs_close(struct tb_prog *prog)
{
	struct tb_events *ev = prog->events;
	uint64_t stop_at = now_ns() + 1000000000ull, lost, left = 0, lost_rings, lost_bpf;

	if (ev && ev->nsrc) {
		/* a write the deadline cut short: what it held is dropped; try again, briefly */
		if (ferror(stdout))
			flush_output(ev);
		clearerr(stdout);
		tb_deadline_arm(1000);
		merge_round(ev, true, stop_at);
		flush_output(ev);
		tb_deadline_disarm();
		for (int i = 0; i < ev->nsrc; i++) {
			int got = tb_ring_drain(ev->src[i].ring);

			if (got > 0)
				ev->staged += got;
		}
		left = ev->staged;
		ev->dropped += left;
		lost = lost_counts(prog, &lost_rings, &lost_bpf);
		tb_info("events: %llu delivered, %llu lost (%llu counted by the program, %llu by "
			"the kernel's LOST records), %llu dropped", (unsigned long long)ev->delivered,
			(unsigned long long)lost, (unsigned long long)lost_bpf,
			(unsigned long long)lost_rings, (unsigned long long)ev->dropped);
		if (lost || ev->dropped)
			tb_warn("%llu events printed, %llu lost (perf buffers full: try a larger "
				"--perf-pages or a higher --wakeup), %llu dropped at exit (the output "
				"did not take them)", (unsigned long long)ev->delivered,
				(unsigned long long)lost, (unsigned long long)ev->dropped);
		for (int i = 0; i < ev->nsrc; i++)
			tb_ring_close(ev->src[i].ring);
	} else if ((lost = lost_counts(prog, &lost_rings, &lost_bpf))) {
		/* a tool with no perf buffer (a histogram's, a table's) counts in tb_lost what its
		 * program could not record (a per-thread start its map had no room for): said at
		 * exit, as the events of the others are */
		tb_warn("%llu records lost in the kernel (a map full): the figures printed miss them",
			(unsigned long long)lost);
	}
	for (int i = 0; i < prog->nbufs; i++) {
		free(prog->bufs[i]->rings);
		free(prog->bufs[i]);
	}
	free(prog->bufs);
	prog->bufs = NULL;
	prog->nbufs = 0;
	if (ev) {
		free(ev->src);
		free(ev->pfds);
		free(ev->heap);
		free(ev);
		prog->events = NULL;
	}
}
