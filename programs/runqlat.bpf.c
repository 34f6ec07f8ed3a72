/* runqlat: run queue latency, from a task's wake-up (or its preemption while runnable) to its
 * next run, as a log2 histogram. Raw tracepoints read the task_structs they are handed; the
 * plain sched: tracepoints are the fallback where raw ones are missing (they carry pids but no
 * task pointer, so no tgid: -p, -P and --pidnss need the raw ones). */
#include <uapi/linux/ptrace.h>
#include <linux/sched.h>
#include <linux/pid_namespace.h>
#include "tb_bpf.h"
#include "runqlat.h"

/* Options from the frontend: TB_SECTION, TARG_PID (a tgid), MILLISECONDS, MAX_PID (from
 * /proc/sys/kernel/pid_max), TB_USE_TRACEPOINTS (the fallback). The wake-up probes and the
 * start times are tb_bpf_runq.h's, shared with runqslower. */
#ifndef TB_SECTION
#define TB_SECTION TB_RUNQLAT_ALL
#endif
#ifdef MILLISECONDS
#define FACTOR 1000000
#else
#define FACTOR 1000
#endif

#include "tb_bpf_runq.h"

/* One entry per (section, slot) pair: sized and allocated as start is. */
#if TB_SECTION == TB_RUNQLAT_ALL
BPF_HISTOGRAM(dist);
#else
TB_SCHED_HASH(struct runqlat_key, u64, dist);
#endif

static __always_inline void store(u32 tgid, u32 pid, u32 pidns)
{
	u64 delta;

	if (!tb_runq_dequeue(tgid, pid, &delta))
		return; /* enqueued before we started */
	delta /= FACTOR;
#if TB_SECTION == TB_RUNQLAT_ALL
	dist.atomic_increment(bpf_log2l(delta));
#else
	struct runqlat_key key = {};
	key.pad = 0;
#if TB_SECTION == TB_RUNQLAT_PID
	key.id = tgid;
#elif TB_SECTION == TB_RUNQLAT_TID
	key.id = pid;
#else
	key.id = pidns;
#endif
	key.slot = bpf_log2l(delta);
	dist.atomic_increment(key);
#endif
}

#ifndef TB_USE_TRACEPOINTS
/* pid->numbers[pid->level].ns, as task_active_pid_ns() */
static __always_inline u32 pid_namespace(struct task_struct *task)
{
#if TB_SECTION == TB_RUNQLAT_PIDNS
	struct pid *pid = NULL;
	struct pid_namespace *ns = NULL;
	unsigned int level = 0, inum = 0;

	bpf_probe_read_kernel(&pid, sizeof(pid), &task->thread_pid);
	bpf_probe_read_kernel(&level, sizeof(level), &pid->level);
	bpf_probe_read_kernel(&ns, sizeof(ns), &pid->numbers[level].ns);
	bpf_probe_read_kernel(&inum, sizeof(inum), &ns->ns.inum);
	return inum;
#else
	return 0;
#endif
}

RAW_TRACEPOINT_PROBE(sched_switch)
{
	/* TP_PROTO(bool preempt, struct task_struct *prev, struct task_struct *next[, ...]) */
	struct task_struct *prev = (struct task_struct *)ctx->args[1];
	struct task_struct *next = (struct task_struct *)ctx->args[2];
	u32 tgid, pid;

	tb_runq_preempted(prev);
	tb_sched_task_ids(next, &tgid, &pid);
	store(tgid, pid, pid_namespace(next));
	return 0;
}

#else /* TB_USE_TRACEPOINTS: pids only; the frontend refuses -p, -P and --pidnss here */

TRACEPOINT_PROBE(sched, sched_switch)
{
	tb_runq_preempted_tp(args->prev_state, args->prev_pid);
	store(0, args->next_pid, 0);
	return 0;
}
#endif
