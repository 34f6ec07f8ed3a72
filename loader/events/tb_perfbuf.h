/* Events: perf buffers read in time order, lost events counted, the poll loop. */
#ifndef TB_PERFBUF_H
#define TB_PERFBUF_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

struct tb_prog;

/* --- perf buffers --- */
typedef void (*tb_event_fn)(void *ctx, int cpu, const void *data, unsigned int size);

/* Opens a perf buffer on every online CPU for BPF_PERF_OUTPUT table `table`, with
 * tb_common.perf_pages pages and wake-ups batched by tb_common.wakeup_events. */
int tb_perfbuf_open(struct tb_prog *prog, const char *table, tb_event_fn fn, void *ctx);

/* Waits up to timeout_ms for events, then drains every buffer (so batched wake-ups never
 * delay an event by more than one timeout), delivers in time order what is older than the
 * 50 ms reorder window, and flushes stdout. Returns events delivered, or <0. */
int tb_prog_poll(struct tb_prog *prog, int timeout_ms);

/* Delivers everything read so far, the reorder window included: for a tool about to print a
 * summary after its events (the traced command exited). Returns events delivered. */
int tb_prog_drain(struct tb_prog *prog);

/* Events the probes could not send because a buffer was full, so far: counted by the program
 * (tb_lost in programs/tb_bpf.h) or, without that, by the kernel's LOST records. */
uint64_t tb_prog_lost_events(const struct tb_prog *prog);

/* Runs the poll loop until SIGINT/SIGTERM, duration_ms (if > 0) elapsed, or stdout closed.
 * Returns 0, or <0 when polling failed. */
int tb_prog_run(struct tb_prog *prog, long duration_ms);

/* Under -v: the start-up split and "tracing with N probes attached" (tests wait for it).
 * tb_prog_run and tb_interval_run call it; other loops call it once attached. */
void tb_prog_announce(struct tb_prog *prog);

/* Makes tb_prog_run (and tb_interval_run) also end, with a message, when process pid exits (the -p target of a
 * tool that cannot trace anything once it is gone). 0, or -ESRCH (and an error line) when
 * the process does not exist. */
int tb_prog_watch_pid(struct tb_prog *prog, pid_t pid);
/* The watched process has exited (tb_prog_run and tb_interval_run then stop, the latter
 * after one last report). */
bool tb_prog_watched_exited(const struct tb_prog *prog);

#endif
