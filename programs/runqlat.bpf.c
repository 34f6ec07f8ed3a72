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
 * /proc/sys/kernel/pid_max), TB_USE_TRACEPOINTS (the fallback). */
#ifndef TB_SECTION
#define TB_SECTION TB_RUNQLAT_ALL
#endif
#ifndef MAX_PID
#define MAX_PID 32768
#endif
#ifndef TASK_RUNNING
#define TASK_RUNNING 0
#endif
#ifdef MILLISECONDS
#define FACTOR 1000000
#else
#define FACTOR 1000
#endif

/* One entry per runnable thread at most, and per (section, slot) pair: sized from pid_max,
 * allocated on use so that a large pid_max costs nothing up front. */
BPF_F_TABLE("hash", u32, u64, start, MAX_PID, BPF_F_NO_PREALLOC);
#if TB_SECTION == TB_RUNQLAT_ALL
BPF_HISTOGRAM(dist);
#else
BPF_F_TABLE("hash", struct runqlat_key, u64, dist, MAX_PID, BPF_F_NO_PREALLOC);
#endif

static __always_inline bool filtered(u32 tgid, u32 pid)
{
#ifdef TARG_PID
	if (tgid != TARG_PID)
		return true;
#endif
	return pid == 0; /* the idle task never waits on a run queue */
}

static __always_inline void enqueue(u32 tgid, u32 pid)
{
	u64 ts;

	if (filtered(tgid, pid))
		return;
	ts = bpf_ktime_get_ns();
	start.update(&pid, &ts);
}

static __always_inline void store(u32 tgid, u32 pid, u32 pidns)
{
	u64 *tsp, delta;

	if (filtered(tgid, pid))
		return;
	tsp = start.lookup(&pid);
	if (!tsp)
		return; /* enqueued before we started */
	delta = (bpf_ktime_get_ns() - *tsp) / FACTOR;
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
	start.delete(&pid);
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

static __always_inline void task_ids(struct task_struct *p, u32 *tgid, u32 *pid)
{
	*tgid = 0;
	*pid = 0;
	bpf_probe_read_kernel(tgid, sizeof(*tgid), &p->tgid);
	bpf_probe_read_kernel(pid, sizeof(*pid), &p->pid);
}

RAW_TRACEPOINT_PROBE(sched_wakeup)
{
	/* TP_PROTO(struct task_struct *p) */
	struct task_struct *p = (struct task_struct *)ctx->args[0];
	u32 tgid, pid;

	task_ids(p, &tgid, &pid);
	enqueue(tgid, pid);
	return 0;
}

RAW_TRACEPOINT_PROBE(sched_wakeup_new)
{
	struct task_struct *p = (struct task_struct *)ctx->args[0];
	u32 tgid, pid;

	task_ids(p, &tgid, &pid);
	enqueue(tgid, pid);
	return 0;
}

RAW_TRACEPOINT_PROBE(sched_switch)
{
	/* TP_PROTO(bool preempt, struct task_struct *prev, struct task_struct *next[, ...]) */
	struct task_struct *prev = (struct task_struct *)ctx->args[1];
	struct task_struct *next = (struct task_struct *)ctx->args[2];
	unsigned int state = 1;
	u32 tgid, pid;

	/* preempted while runnable: it waits on the run queue from now */
	bpf_probe_read_kernel(&state, sizeof(state), TB_TASK_STATE_PTR(prev));
	if (state == TASK_RUNNING) {
		task_ids(prev, &tgid, &pid);
		enqueue(tgid, pid);
	}
	task_ids(next, &tgid, &pid);
	store(tgid, pid, pid_namespace(next));
	return 0;
}

#else /* TB_USE_TRACEPOINTS: pids only; the frontend refuses -p, -P and --pidnss here */

TRACEPOINT_PROBE(sched, sched_wakeup)
{
	enqueue(0, args->pid);
	return 0;
}

TRACEPOINT_PROBE(sched, sched_wakeup_new)
{
	enqueue(0, args->pid);
	return 0;
}

TRACEPOINT_PROBE(sched, sched_switch)
{
	/* prev_state is TASK_RUNNING (0), or has TASK_REPORT_MAX (0x100 or higher) on preemption:
	 * the low byte is 0 for a task still runnable either way */
	if ((args->prev_state & 0xff) == TASK_RUNNING)
		enqueue(0, args->prev_pid);
	store(0, args->next_pid, 0);
	return 0;
}
#endif
