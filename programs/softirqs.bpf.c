/* softirqs: time spent in soft interrupts (or their count), per vector, from the
 * irq:softirq_entry/exit tracepoints, as sums or log2 histograms. */
#include <uapi/linux/ptrace.h>
#include "tb_bpf.h"
#include "softirqs.h"

/* Options from the frontend: TB_DIST (-d), TB_COUNT (-C), TB_FACTOR (1 or 1000), TARG_CPU (-c). */
#ifndef TB_FACTOR
#define TB_FACTOR 1000
#endif

struct entry_key {
	u32 pid;
	u32 cpu;
};

struct entry_val {
	u64 ts;
	u32 vec;
};

BPF_HASH(start, struct entry_key, struct entry_val, 1024);
BPF_HISTOGRAM(dist, struct softirqs_key, 1024);

TRACEPOINT_PROBE(irq, softirq_entry)
{
	u32 cpu = bpf_get_smp_processor_id();

#ifdef TARG_CPU
	if (cpu != TARG_CPU)
		return 0;
#endif
#ifdef TB_COUNT
	struct softirqs_key key = {};
	key.vec = args->vec;
	key.pad = 0;
	key.slot = 0;
	dist.atomic_increment(key);
#else
	struct entry_key key = {};
	struct entry_val val = {};

	key.pid = bpf_get_current_pid_tgid();
	key.cpu = cpu;
	val.ts = bpf_ktime_get_ns();
	val.vec = args->vec;
	start.update(&key, &val);
#endif
	return 0;
}

#ifndef TB_COUNT
TRACEPOINT_PROBE(irq, softirq_exit)
{
	struct entry_key key = {};
	struct softirqs_key skey = {};
	struct entry_val *valp;
	u64 delta;

	key.pid = bpf_get_current_pid_tgid();
	key.cpu = bpf_get_smp_processor_id();
	valp = start.lookup(&key);
	if (!valp)
		return 0; /* missed the entry, or another CPU (-c) */
	delta = bpf_ktime_get_ns() - valp->ts;
	skey.vec = valp->vec;
	skey.pad = 0;
#ifdef TB_DIST
	skey.slot = bpf_log2l(delta / TB_FACTOR);
	dist.atomic_increment(skey);
#else
	skey.slot = 0;
	dist.atomic_increment(skey, delta);
#endif
	start.delete(&key);
	return 0;
}
#endif
