/* pidpersec: new processes (and threads), counted as the kernel forks them: the
 * sched:sched_process_fork tracepoint, which every kernel from 4.14 has (BCC's kprobe on
 * sched_fork counts the same tasks). */
#include <uapi/linux/ptrace.h>
#include "tb_bpf.h"
#include "pidpersec.h"

/* a running total, never cleared: the frontend prints its growth each second, so no fork
 * falls between reading and clearing */
BPF_ARRAY(stats, u64, 1);

TRACEPOINT_PROBE(sched, sched_process_fork)
{
	stats.atomic_increment(TB_PIDPERSEC_SLOT);
	return 0;
}
