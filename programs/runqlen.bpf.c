/* runqlen: the CFS run queue's length, sampled on every CPU by a perf event (cpu-clock, 99 Hz):
 * the entities queued on the interrupted task's queue, the running one left out, counted in a
 * linear histogram (per CPU with -C: TB_PER_CPU). */
#include <uapi/linux/ptrace.h>
#include <uapi/linux/bpf_perf_event.h>
#include <linux/sched.h>
#define TB_WANT_CFS_RQ
#include "tb_bpf.h"
#include "runqlen.h"

#ifdef TB_PER_CPU
BPF_HISTOGRAM(dist, struct runqlen_key, TB_RUNQLEN_KEYS);
#else
BPF_HISTOGRAM(dist, int, TB_RUNQLEN_MAX + 1);
#endif

int do_perf_event(struct bpf_perf_event_data *ctx)
{
	u32 len = tb_cfs_rq_nr_running((struct task_struct *)bpf_get_current_task());

	/* an idle CPU's queue is empty (0); one task running alone is 1: nothing waits */
	if (len > 0)
		len--;
	if (len > TB_RUNQLEN_MAX)
		len = TB_RUNQLEN_MAX;
#ifdef TB_PER_CPU
	struct runqlen_key key;

	__builtin_memset(&key, 0, sizeof(key));
	key.cpu = bpf_get_smp_processor_id();
	key.slot = len;
	dist.atomic_increment(key);
#else
	dist.atomic_increment(len);
#endif
	return 0;
}
