/* profile: sample stacks at a timed interval (perf event), counting each distinct stack. */
#include <uapi/linux/ptrace.h>
#include <uapi/linux/bpf_perf_event.h>
#include <linux/sched.h>
#include "tb_bpf.h"
#include "tb_bpf_container.h"
#include "profile.h"

#ifndef STACK_STORAGE_SIZE
#define STACK_STORAGE_SIZE 16384
#endif
/* -p / -L: an expression over tgid and tid, e.g. -DTB_PID_FILTER="(tgid==12||tgid==13)" */
#ifndef TB_PID_FILTER
#define TB_PID_FILTER 1
#endif
#ifndef TB_TID_FILTER
#define TB_TID_FILTER 1
#endif

BPF_HASH(counts, struct profile_key, u64, STACK_STORAGE_SIZE);
BPF_STACK_TRACE(stack_traces, STACK_STORAGE_SIZE);

int do_perf_event(struct bpf_perf_event_data *ctx)
{
	u64 id = bpf_get_current_pid_tgid();
	u32 tgid = id >> 32, tid = id;
	struct profile_key key = {};
	u64 zero = 0, *val;

#ifndef INCLUDE_IDLE
	if (tid == 0)
		return 0;
#endif
	if (!(TB_PID_FILTER) || !(TB_TID_FILTER) || tb_container_skip())
		return 0;
	key.pid = tgid;
	bpf_get_current_comm(&key.comm, sizeof(key.comm));
#ifdef USER_STACKS
	key.user_stack_id = stack_traces.get_stackid(&ctx->regs, BPF_F_USER_STACK);
#else
	key.user_stack_id = -1;
#endif
#ifdef KERNEL_STACKS
	key.kernel_stack_id = stack_traces.get_stackid(&ctx->regs, 0);
#else
	key.kernel_stack_id = -1;
#endif
	val = counts.lookup_or_try_init(&key, &zero);
	if (val)
		__sync_fetch_and_add(val, 1);
	else
		tb_count_lost(-1); /* no room for a new stack: said at exit */
	return 0;
}
