/* stackcount: the fixed part of the program stackcount writes: its tables, and the count each
 * probe's function makes (the functions are written from the pattern: one for kprobes,
 * uprobes or tracepoints, one per USDT probe, each calling count_stack).
 *
 * Options: TARG_PID (-p), TARG_CPU (-c), PER_PID (-P or -p: the process and its name are part
 * of the key), KERNEL_STACKS and USER_STACKS (-K, -U; both by default). */
#include <uapi/linux/ptrace.h>
#include <linux/sched.h>
#include "tb_bpf.h"
#include "stackcount.h"

#ifndef STACK_STORAGE_SIZE
#define STACK_STORAGE_SIZE 16384
#endif
BPF_HASH(counts, struct stackcount_key, u64, TB_STACKCOUNT_MAX_STACKS);
BPF_STACK_TRACE(stack_traces, STACK_STORAGE_SIZE);
/* events left uncounted because counts was full: said at the end, not silently lost */
BPF_ARRAY(dropped, u64, 1);

static __always_inline int count_stack(void *ctx)
{
	u32 tgid = bpf_get_current_pid_tgid() >> 32;
	struct stackcount_key key = {};
	u64 zero = 0, *val;
	int slot = 0;

#ifdef TARG_PID
	if (tgid != TARG_PID)
		return 0;
#endif
#ifdef TARG_CPU
	if (bpf_get_smp_processor_id() != TARG_CPU)
		return 0;
#endif
	/* user frames are symbolized in the process they came from: its tgid is kept with them
	 * even without -P (the frontend then merges what prints the same) */
#if defined(PER_PID) || defined(USER_STACKS)
	key.tgid = tgid;
#else
	key.tgid = TB_STACKCOUNT_ANY_PID;
#endif
#ifdef PER_PID
	bpf_get_current_comm(&key.comm, sizeof(key.comm));
#endif
#ifdef KERNEL_STACKS
	key.kernel_stack_id = stack_traces.get_stackid(ctx, 0);
#else
	key.kernel_stack_id = -1;
#endif
#ifdef USER_STACKS
	key.user_stack_id = stack_traces.get_stackid(ctx, BPF_F_USER_STACK);
#else
	key.user_stack_id = -1;
#endif
	val = counts.lookup_or_try_init(&key, &zero);
	if (val) {
		__sync_fetch_and_add(val, 1);
	} else {
		val = dropped.lookup(&slot);
		if (val)
			__sync_fetch_and_add(val, 1);
	}
	return 0;
}
