/* hardirqs: time spent in hard interrupt handlers (or their count), per handler name, from
 * the irq:irq_handler_entry/exit tracepoints, as sums or log2 histograms. */
#include <uapi/linux/ptrace.h>
#include "tb_bpf.h"
#include "hardirqs.h"

/* Options from the frontend: TB_DIST (-d), TB_COUNT (-C), TB_FACTOR (1 or 1000), TARG_CPU (-c). */
#ifndef TB_FACTOR
#define TB_FACTOR 1000
#endif
/* irqreturn_t: the handler did not recognise the interrupt as its own */
#define TB_IRQ_NONE 0

/* Keyed by thread and CPU: interrupts taken while idle all run as tid 0, one per CPU. */
struct entry_key {
	u32 tid;
	u32 cpu;
};

struct entry_val {
	u64 ts;
	char name[TB_HARDIRQS_NAME_LEN];
};

BPF_HASH(start, struct entry_key, struct entry_val, 1024);
BPF_HISTOGRAM(dist, struct hardirqs_key, 4096);

TRACEPOINT_PROBE(irq, irq_handler_entry)
{
	struct entry_key key = {};
	struct entry_val val = {};
	u32 cpu = bpf_get_smp_processor_id();

#ifdef TARG_CPU
	if (cpu != TARG_CPU)
		return 0;
#endif
	key.tid = bpf_get_current_pid_tgid();
	key.cpu = cpu;
	val.ts = bpf_ktime_get_ns();
	bpf_probe_read_kernel_str(&val.name, sizeof(val.name),
				  (char *)args + (args->data_loc_name & 0xFFFF));
	start.update(&key, &val);
	return 0;
}

TRACEPOINT_PROBE(irq, irq_handler_exit)
{
	struct entry_key key = {};
	struct hardirqs_key hkey = {};
	struct entry_val *valp;
	u64 delta;

	key.tid = bpf_get_current_pid_tgid();
	key.cpu = bpf_get_smp_processor_id();
	valp = start.lookup(&key);
	if (!valp)
		return 0; /* missed the entry, or another CPU (-c) */
	/* a shared line calls every handler: count only the one that handled it */
	if (args->ret != TB_IRQ_NONE) {
		delta = bpf_ktime_get_ns() - valp->ts;
		__builtin_memcpy(&hkey.name, valp->name, sizeof(hkey.name));
#if defined(TB_COUNT)
		hkey.slot = 0;
		dist.atomic_increment(hkey);
#elif defined(TB_DIST)
		hkey.slot = bpf_log2l(delta / TB_FACTOR);
		dist.atomic_increment(hkey);
#else
		hkey.slot = 0;
		dist.atomic_increment(hkey, delta);
#endif
	}
	start.delete(&key);
	return 0;
}
