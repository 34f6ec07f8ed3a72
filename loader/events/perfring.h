/* One CPU's perf ring for a BPF_PERF_OUTPUT table, read by the loader itself (not libbcc's
 * perf_reader) so that every sample carries the kernel's time: events from all CPUs can then be
 * merged in the order they happened. Records are copied out as they are read, so the ring's
 * space goes back to the kernel at once, whatever waits in the reorder window. */
#ifndef TB_PERFRING_H
#define TB_PERFRING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A record copied out of a ring: its sample time (CLOCK_MONOTONIC), then the BPF data. */
struct tb_staged {
	uint64_t time_ns;
	uint32_t size;
	uint32_t seq;    /* arrival order within the ring, for ties */
	unsigned char data[];
};

/* Records read from one ring and not yet delivered, oldest first. */
struct tb_stage {
	unsigned char *buf;
	size_t len, cap;  /* bytes used / allocated */
	size_t head;      /* offset of the oldest undelivered record */
	size_t count;     /* records between head and len */
};

struct tb_ring {
	int fd;
	int cpu;
	void *base;             /* the mmap: control page, then data */
	size_t mmap_len;
	unsigned char *data;
	uint64_t data_size;     /* a power of 2 */
	uint64_t lost;          /* PERF_RECORD_LOST totals: samples the kernel had no room for */
	uint32_t seq;
	unsigned char *wrap;    /* a record that wraps around the end, made whole */
	size_t wrap_cap;
	struct tb_stage stage;
};

/* perf_event_open(PERF_COUNT_SW_BPF_OUTPUT) on cpu with sample times on CLOCK_MONOTONIC, a
 * wake-up every `wakeup` samples, pages (a power of 2) of data, mmap'd. 0 or -errno. */
int tb_ring_open(struct tb_ring *r, int cpu, int pages, int wakeup);
/* Copies every complete record into r->stage (samples) or r->lost (LOST records) and gives
 * the space back. Returns the number of samples copied, or -ENOMEM. */
int tb_ring_drain(struct tb_ring *r);
/* Bytes the kernel has written and nobody has read yet. */
uint64_t tb_ring_pending(const struct tb_ring *r);
/* The oldest staged record, or NULL. */
const struct tb_staged *tb_stage_peek(const struct tb_stage *s);
void tb_stage_pop(struct tb_stage *s);
void tb_ring_close(struct tb_ring *r);

#endif
