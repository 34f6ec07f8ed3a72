/* wakeuptime: time threads spend blocked, summed by the task that woke them and its kernel
 * stack. At sched_switch the task leaving the CPU (still the current one) starts blocking;
 * sched_waking, at the start of try_to_wake_up and in the waker's own context (BCC's kprobe
 * spot), ends it, and the time since is added to (waker, waker's kernel stack, target). The
 * raw tracepoints where present (4.17+), else the sched: tracepoints: both have what is needed
 * (the filters apply to the task blocking, the current one at the switch). */
#include <uapi/linux/ptrace.h>
#include <linux/sched.h>
#include "tb_bpf.h"
#include "tb_bpf_sched.h"
#include "wakeuptime.h"

/* Options from the frontend: TARG_TGID (-p), USER_THREADS_ONLY (-u), MIN_BLOCK_US,
 * MAX_BLOCK_US (-m, -M), STACK_STORAGE_SIZE, MAX_PID, TB_USE_TRACEPOINTS (the fallback). */
#ifndef STACK_STORAGE_SIZE
#define STACK_STORAGE_SIZE TB_WAKEUPTIME_STACKS
#endif

/* when each traced thread left the CPU: sized from pid_max, allocated as used */
TB_SCHED_HASH(u32, u64, start);
BPF_HASH(counts, struct wakeuptime_key, u64, STACK_STORAGE_SIZE);
BPF_STACK_TRACE(stack_traces, STACK_STORAGE_SIZE);

/* The current task leaves the CPU: kept when it is one to trace. BCC filters the woken task
 * again at the wake-up; only a task kept here has a start there. */
static __always_inline void on_switch(void)
{
	u64 id = bpf_get_current_pid_tgid();
	u32 tid = (u32)id;
	u64 ts;

	if (tid == 0)
		return; /* the idle task */
#ifdef TARG_TGID
	if ((id >> 32) != TARG_TGID)
		return;
#endif
#ifdef USER_THREADS_ONLY
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	unsigned int flags = 0;

	bpf_probe_read_kernel(&flags, sizeof(flags), &task->flags);
	if (flags & PF_KTHREAD)
		return;
#endif
	ts = bpf_ktime_get_ns();
	tb_count_lost(start.update(&tid, &ts));
}

/* Thread tid, named target_comm, is being woken by the current task. */
static __always_inline void on_waking(void *ctx, u32 tid, const void *target_comm)
{
	struct wakeuptime_key key;
	u64 *tsp = start.lookup(&tid), now = bpf_ktime_get_ns(), then, delta, zero = 0, *count;

	if (!tsp)
		return; /* blocked before tracing started, or not traced */
	then = *tsp;
	start.delete(&tid);
	/* a start later than now: two CPUs' clocks out of step, no time to tell */
	delta = now > then ? (now - then) / 1000 : 0;
	if (delta < MIN_BLOCK_US || delta > MAX_BLOCK_US)
		return;
	__builtin_memset(&key, 0, sizeof(key));
	key.kernel_stack_id = stack_traces.get_stackid(ctx, 0);
	bpf_probe_read_kernel(&key.target, sizeof(key.target), target_comm);
	bpf_get_current_comm(&key.waker, sizeof(key.waker));
	count = counts.lookup_or_try_init(&key, &zero);
	if (count)
		__sync_fetch_and_add(count, delta);
	else
		tb_count_lost(-1); /* no room for a new stack: said at exit */
}

#ifndef TB_USE_TRACEPOINTS
RAW_TRACEPOINT_PROBE(sched_switch)
{
	on_switch();
	return 0;
}

RAW_TRACEPOINT_PROBE(sched_waking)
{
	/* TP_PROTO(struct task_struct *p) */
	struct task_struct *p = (struct task_struct *)ctx->args[0];
	u32 tgid, tid;

	tb_sched_task_ids(p, &tgid, &tid);
	on_waking(ctx, tid, &p->comm);
	return 0;
}

#else /* TB_USE_TRACEPOINTS */

TRACEPOINT_PROBE(sched, sched_switch)
{
	on_switch();
	return 0;
}

TRACEPOINT_PROBE(sched, sched_waking)
{
	on_waking(args, args->pid, args->comm);
	return 0;
}
#endif
