/* offcputime: time spent off the CPU, summed by thread and the stacks it blocked in. At
 * sched_switch the task leaving the CPU (prev) is still the current one: its stacks, comm and
 * tgid are taken then and kept with the time; when it is switched back in (next), the time
 * since is added to that key. The raw tracepoint where present (4.17+), else
 * sched:sched_switch: both have what is needed (the state of prev, the current task's flags). */
#include <uapi/linux/ptrace.h>
#include <linux/sched.h>
#include "tb_bpf.h"
#include "tb_bpf_sched.h"
#include "offcputime.h"

/* Options from the frontend: TARG_TGID (-p), TARG_PID (-t), USER_THREADS_ONLY (-u),
 * KERNEL_THREADS_ONLY (-k), USER_STACKS and KERNEL_STACKS (both unless -K or -U),
 * MIN_BLOCK_US, MAX_BLOCK_US (-m, -M), TARG_STATE (--state), STACK_STORAGE_SIZE, MAX_PID,
 * TB_USE_TRACEPOINTS (the fallback). */
#ifndef STACK_STORAGE_SIZE
#define STACK_STORAGE_SIZE 16384
#endif

/* What a thread left the CPU with. */
struct start_val {
	u64 ts;
	u32 tgid;
	s32 user_stack_id;
	s32 kernel_stack_id;
	u32 pad;
	char comm[TB_OFFCPUTIME_COMM_LEN];
};

/* one entry per thread off the CPU at most: sized from pid_max, allocated as used */
TB_SCHED_HASH(u32, struct start_val, start);
BPF_HASH(counts, struct offcputime_key, u64, STACK_STORAGE_SIZE);
BPF_STACK_TRACE(stack_traces, STACK_STORAGE_SIZE);

/* prev (the current task) leaves the CPU in state: is it one to trace? */
static __always_inline bool traced(u32 tgid, u32 pid, long state)
{
	if (pid == 0)
		return false; /* the idle task */
#ifdef TARG_TGID
	if (tgid != TARG_TGID)
		return false;
#endif
#ifdef TARG_PID
	if (pid != TARG_PID)
		return false;
#endif
#if defined(USER_THREADS_ONLY) || defined(KERNEL_THREADS_ONLY)
	/* read only when asked: it costs a probe read on every switch */
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	unsigned int flags = 0;

	bpf_probe_read_kernel(&flags, sizeof(flags), &task->flags);
#ifdef USER_THREADS_ONLY
	if (flags & PF_KTHREAD)
		return false;
#else
	if (!(flags & PF_KTHREAD))
		return false;
#endif
#endif
#ifdef TARG_STATE
	/* 0 is TASK_RUNNING (preempted); other states are bits, sometimes several */
	if (TARG_STATE == 0 ? state != 0 : !(state & TARG_STATE))
		return false;
#endif
	return true;
}

static __always_inline void on_switch(void *ctx, u32 prev_pid, long prev_state, u32 next_pid)
{
	u32 tgid = bpf_get_current_pid_tgid() >> 32;
	struct offcputime_key key;
	struct start_val val, *vp;
	u64 now = bpf_ktime_get_ns(), delta, zero = 0, *count;

	if (traced(tgid, prev_pid, prev_state)) {
		__builtin_memset(&val, 0, sizeof(val));
		val.ts = now;
		val.tgid = tgid;
#ifdef USER_STACKS
		val.user_stack_id = stack_traces.get_stackid(ctx, BPF_F_USER_STACK);
#else
		val.user_stack_id = -1;
#endif
#ifdef KERNEL_STACKS
		val.kernel_stack_id = stack_traces.get_stackid(ctx, 0);
#else
		val.kernel_stack_id = -1;
#endif
		bpf_get_current_comm(&val.comm, sizeof(val.comm));
		tb_count_lost(start.update(&prev_pid, &val));
	}

	vp = start.lookup(&next_pid);
	if (!vp)
		return; /* went off the CPU before tracing started, or not traced */
	__builtin_memset(&key, 0, sizeof(key));
	key.pid = next_pid;
	key.tgid = vp->tgid;
	key.user_stack_id = vp->user_stack_id;
	key.kernel_stack_id = vp->kernel_stack_id;
	__builtin_memcpy(key.comm, vp->comm, sizeof(key.comm));
	/* a start later than now: two CPUs' clocks out of step, no time to tell */
	delta = now > vp->ts ? (now - vp->ts) / 1000 : 0;
	start.delete(&next_pid);
	if (delta < MIN_BLOCK_US || delta > MAX_BLOCK_US)
		return;
	count = counts.lookup_or_try_init(&key, &zero);
	if (count)
		__sync_fetch_and_add(count, delta);
	else
		tb_count_lost(-1); /* no room for a new stack, or its insert failed: said at exit */
}

#ifndef TB_USE_TRACEPOINTS
RAW_TRACEPOINT_PROBE(sched_switch)
{
	/* TP_PROTO(bool preempt, struct task_struct *prev, struct task_struct *next[, ...]) */
	struct task_struct *prev = (struct task_struct *)ctx->args[1];
	struct task_struct *next = (struct task_struct *)ctx->args[2];
	unsigned int state = 0;
	u32 tgid, prev_pid, next_pid;

	bpf_probe_read_kernel(&state, sizeof(state), TB_TASK_STATE_PTR(prev));
	tb_sched_task_ids(prev, &tgid, &prev_pid);
	tb_sched_task_ids(next, &tgid, &next_pid);
	on_switch(ctx, prev_pid, state, next_pid);
	return 0;
}

#else /* TB_USE_TRACEPOINTS */

TRACEPOINT_PROBE(sched, sched_switch)
{
	/* prev_state has TASK_REPORT_MAX (0x100 or higher) on preemption: its low byte is 0,
	 * TASK_RUNNING, as the raw tracepoint reads it */
	on_switch(args, args->prev_pid, args->prev_state & 0xff, args->next_pid);
	return 0;
}
#endif
