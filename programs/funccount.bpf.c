/* funccount: the fixed part of the program funccount writes from its pattern. Each probe
 * matched gets a function trace_count_N, appended after this by the frontend, which calls
 * count(N): one slot of the array per probe. Options arrive as -D flags: NPROBES (the slots),
 * TARG_PID (a process), TARG_CPU. */
#include <uapi/linux/ptrace.h>

#ifndef NPROBES
#define NPROBES 1000
#endif

BPF_ARRAY(counts, u64, NPROBES);

static __always_inline int count(int loc)
{
#ifdef TARG_PID
	if ((u32)(bpf_get_current_pid_tgid() >> 32) != TARG_PID)
		return 0;
#endif
#ifdef TARG_CPU
	if (bpf_get_smp_processor_id() != TARG_CPU)
		return 0;
#endif
	/* atomic: two CPUs may hit one probe at once */
	counts.atomic_increment(loc);
	return 0;
}

/* the probes' functions, one per probe matched: */
