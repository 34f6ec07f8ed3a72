/* javagc: USDT probes hotspot:gc__begin and gc__end of one JVM; the time between them, on
 * the thread running the collection, is the collection's duration. */
#include <uapi/linux/ptrace.h>
#include "tb_bpf.h"
#include "javagc.h"

/* Options from the frontend, as -D flags: MIN_NS (shorter collections are not sent). */
#ifndef MIN_NS
#define MIN_NS (TB_JAVAGC_DEFAULT_MIN_US * 1000ull)
#endif

struct gc_start {
	u64 ts;
	u32 full;
};

/* keyed by thread: a JVM's collections do not nest, but other threads' could overlap */
BPF_HASH(starts, u32, struct gc_start, 1024);
BPF_PERF_OUTPUT(events);

int on_gc_begin(struct pt_regs *ctx)
{
	u32 tid = bpf_get_current_pid_tgid();
	struct gc_start s;
	u8 full = 0;

	/* the padding too: before 4.16 the verifier refuses a helper argument with stack bytes
	 * never written, and an initializer leaves padding unwritten */
	__builtin_memset(&s, 0, sizeof(s));
	s.ts = bpf_ktime_get_ns();
	bpf_usdt_readarg(1, ctx, &full);
	s.full = full;
	starts.update(&tid, &s);
	return 0;
}

int on_gc_end(struct pt_regs *ctx)
{
	u64 id = bpf_get_current_pid_tgid(), now = bpf_ktime_get_ns();
	u32 tid = id;
	struct javagc_event e = {};
	struct gc_start *s = starts.lookup(&tid);

	if (!s) /* began before tracing started */
		return 0;
	e.duration_ns = now - s->ts;
	e.full = s->full;
	starts.delete(&tid);
	if (e.duration_ns < MIN_NS)
		return 0;
	e.pid = id >> 32;
	e.cpu = bpf_get_smp_processor_id();
	e.end_ns = now;
	tb_count_lost(events.perf_submit(ctx, &e, sizeof(e)));
	return 0;
}
