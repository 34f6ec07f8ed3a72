/* trace: the fixed part of the program trace writes. The frontend appends one function per
 * probe of its command line (--dump-bpf shows them), each filling a trace_event in the per-CPU
 * slot below and sending the head plus that probe's values. */
#include <uapi/linux/ptrace.h>
#include <linux/sched.h>
#include "tb_bpf.h"
#include "trace.h"

BPF_PERF_OUTPUT(events);
/* 4 KB of values do not fit a BPF stack (512 bytes): one event per CPU is built in a map */
BPF_PERCPU_ARRAY(trace_slot, struct tbtrace_event, 1);

/* trace's own PID, set before the probes attach: they skip it unless -S */
BPF_ARRAY(trace_self, u32, 1);

#ifdef TRACE_CGROUP
/* -c: the cgroup the frontend puts here; its processes and its descendants' only */
BPF_CGROUP_ARRAY(trace_cgroup, 1);
#endif

/* The options' filters, as -D flags: -p (TARG_TGID), -L (TARG_TID), --uid (TARG_UID), -c
 * (TRACE_CGROUP), and trace's own process unless -S (TRACE_INCLUDE_SELF). Each probe
 * function asks first. */
static __always_inline int trace_skip(u32 tgid, u32 tid, u32 uid)
{
#ifdef TARG_TGID
	if (tgid != TARG_TGID)
		return 1;
#endif
#ifdef TARG_TID
	if (tid != TARG_TID)
		return 1;
#endif
#ifdef TARG_UID
	if (uid != TARG_UID)
		return 1;
#endif
#ifndef TRACE_INCLUDE_SELF
	u32 zero = 0;
	u32 *self = trace_self.lookup(&zero);

	if (self && tgid == *self)
		return 1;
#endif
#ifdef TRACE_CGROUP
	if (trace_cgroup.check_current_task(0) <= 0)
		return 1;
#endif
	return 0;
}
