/* One CPU's perf ring for BPF output, read in place and copied out with each sample's time. */
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <linux/perf_event.h>

#include "perfring.h"

#ifndef PERF_COUNT_SW_BPF_OUTPUT
#define PERF_COUNT_SW_BPF_OUTPUT 10
#endif

int tb_ring_open(struct tb_ring *r, int cpu, int pages, int wakeup)
{
	struct perf_event_attr attr = {
		.type = PERF_TYPE_SOFTWARE,
		.size = sizeof(attr),
		.config = PERF_COUNT_SW_BPF_OUTPUT,
		.sample_period = 1,
		/* the time is what orders events across CPUs; RAW is the program's data */
		.sample_type = PERF_SAMPLE_TIME | PERF_SAMPLE_RAW,
		.wakeup_events = wakeup > 0 ? wakeup : 1,
		/* the clock bpf_ktime_get_ns() and clock_gettime(CLOCK_MONOTONIC) read too */
		.use_clockid = 1,
		.clockid = CLOCK_MONOTONIC,
	};
	long page = sysconf(_SC_PAGESIZE);

	memset(r, 0, sizeof(*r));
	r->fd = -1;
	r->cpu = cpu;
	r->fd = syscall(__NR_perf_event_open, &attr, -1, cpu, -1, PERF_FLAG_FD_CLOEXEC);
	if (r->fd < 0)
		return -errno;
	r->data_size = (uint64_t)pages * page;
	r->mmap_len = page + r->data_size;
	r->base = mmap(NULL, r->mmap_len, PROT_READ | PROT_WRITE, MAP_SHARED, r->fd, 0);
	if (r->base == MAP_FAILED) {
		int err = -errno;

		r->base = NULL;
		close(r->fd);
		r->fd = -1;
		return err;
	}
	r->data = (unsigned char *)r->base + page;
	if (ioctl(r->fd, PERF_EVENT_IOC_ENABLE, 0)) {
		int err = -errno;

		tb_ring_close(r);
		return err;
	}
	return 0;
}

static int stage_reserve(struct tb_stage *s, size_t more)
{
	if (s->head > 0 && s->head >= s->len / 2) {
		/* the delivered front is at least half: slide the rest down */
		memmove(s->buf, s->buf + s->head, s->len - s->head);
		s->len -= s->head;
		s->head = 0;
	}
	if (s->len + more > s->cap) {
		size_t cap = s->cap ? s->cap : 65536;
		unsigned char *grown;

		while (cap < s->len + more)
			cap *= 2;
		grown = realloc(s->buf, cap);
		if (!grown)
			return -ENOMEM;
		s->buf = grown;
		s->cap = cap;
	}
	return 0;
}

#define STAGED_ALIGN(n) (((n) + 7) & ~(size_t)7)

static int stage_push(struct tb_stage *s, uint64_t time_ns, uint32_t seq, const void *data,
		      uint32_t size)
{
	size_t need = STAGED_ALIGN(sizeof(struct tb_staged) + size);
	struct tb_staged *st;

	if (stage_reserve(s, need))
		return -ENOMEM;
	st = (struct tb_staged *)(s->buf + s->len);
	st->time_ns = time_ns;
	st->size = size;
	st->seq = seq;
	memcpy(st->data, data, size);
	s->len += need;
	s->count++;
	return 0;
}

const struct tb_staged *tb_stage_peek(const struct tb_stage *s)
{
	return s->count ? (const struct tb_staged *)(s->buf + s->head) : NULL;
}

void tb_stage_pop(struct tb_stage *s)
{
	const struct tb_staged *st = tb_stage_peek(s);

	if (!st)
		return;
	s->head += STAGED_ALIGN(sizeof(*st) + st->size);
	if (--s->count == 0)
		s->head = s->len = 0;
}

uint64_t tb_ring_pending(const struct tb_ring *r)
{
	const struct perf_event_mmap_page *meta = r->base;

	if (!meta)
		return 0;
	return __atomic_load_n(&meta->data_head, __ATOMIC_ACQUIRE) - meta->data_tail;
}

/* A sample with TIME | RAW: header, u64 time, u32 size, size bytes (padded to 8 in all). */
struct sample {
	struct perf_event_header header;
	uint64_t time;
	uint32_t size;
	unsigned char data[];
};

struct lost {
	struct perf_event_header header;
	uint64_t id;
	uint64_t lost;
};

int tb_ring_drain(struct tb_ring *r)
{
	struct perf_event_mmap_page *meta = r->base;
	uint64_t head, tail, mask = r->data_size - 1;
	int n = 0;

	if (!meta)
		return 0;
	head = __atomic_load_n(&meta->data_head, __ATOMIC_ACQUIRE);
	tail = meta->data_tail;
	while (tail < head) {
		const struct perf_event_header *h = (void *)(r->data + (tail & mask));
		size_t off = tail & mask, len = h->size;
		const unsigned char *rec = (const unsigned char *)h;

		if (len < sizeof(*h) || len > r->data_size)
			break; /* a broken ring: stop rather than read garbage */
		if (off + len > r->data_size) {
			/* wraps around the end: make it whole first */
			if (len > r->wrap_cap) {
				unsigned char *grown = realloc(r->wrap, len);

				if (!grown)
					return -ENOMEM;
				r->wrap = grown;
				r->wrap_cap = len;
			}
			memcpy(r->wrap, r->data + off, r->data_size - off);
			memcpy(r->wrap + (r->data_size - off), r->data, len - (r->data_size - off));
			rec = r->wrap;
		}
		if (h->type == PERF_RECORD_SAMPLE && len >= offsetof(struct sample, data)) {
			const struct sample *s = (const void *)rec;
			uint32_t size = s->size;

			/* never past what the record holds */
			if (size > len - offsetof(struct sample, data))
				size = len - offsetof(struct sample, data);
			if (stage_push(&r->stage, s->time, r->seq++, s->data, size))
				return -ENOMEM;
			n++;
		} else if (h->type == PERF_RECORD_LOST && len >= sizeof(struct lost)) {
			r->lost += ((const struct lost *)rec)->lost;
		}
		tail += len;
	}
	/* the space goes back to the kernel: what was read is safe in the stage */
	__atomic_store_n(&meta->data_tail, tail, __ATOMIC_RELEASE);
	return n;
}

void tb_ring_close(struct tb_ring *r)
{
	if (r->base)
		munmap(r->base, r->mmap_len);
	if (r->fd >= 0) {
		ioctl(r->fd, PERF_EVENT_IOC_DISABLE, 0);
		close(r->fd);
	}
	free(r->wrap);
	free(r->stage.buf);
	memset(r, 0, sizeof(*r));
	r->fd = -1;
}
