/* cpudist: the time each task spends on the CPU per run (or with -O off it, between runs) as a
 * log2 histogram, timed between context switches: sched_switch ends prev's run and starts
 * next's (-O: starts prev's time off the CPU and ends next's). The raw tracepoint reads the
 * task_structs it is handed; the plain sched:sched_switch, the fallback where raw tracepoints
 * are missing, carries thread IDs but no tgid (-p and -P need the raw one). */
#include <uapi/linux/ptrace.h>
#include <linux/sched.h>
#include "tb_bpf.h"
#include "tb_bpf_sched.h"
#include "cpudist.h"

/* Options from the frontend: TB_SECTION, TARG_PID (a tgid), OFFCPU (-O), INCLUDE_IDLE (-I),
 * MILLISECONDS, TB_EXTENSION (-e), MAX_PID (from /proc/sys/kernel/pid_max),
 * TB_USE_TRACEPOINTS (the fallback). */
#ifndef TB_SECTION
#define TB_SECTION TB_CPUDIST_ALL
#endif
#ifdef MILLISECONDS
#define FACTOR 1000000
#else
#define FACTOR 1000
#endif

/* A thread, or with pid 0 a CPU's idle task (one per CPU, all pid 0). */
struct start_key {
	u32 pid;
	u32 cpu;
};

/* When each thread went on (-O: off) the CPU: one entry per thread at most, allocated on use. */
TB_SCHED_HASH(struct start_key, u64, start);
#if TB_SECTION == TB_CPUDIST_ALL
BPF_HISTOGRAM(dist);
#else
TB_SCHED_HASH(struct cpudist_key, u64, dist);
#endif
#ifdef TB_EXTENSION
BPF_ARRAY(extension, struct cpudist_ext, 1);
#endif

static __always_inline bool filtered(u32 tgid, u32 pid)
{
#ifdef TARG_PID
	if (tgid != TARG_PID)
		return true;
#endif
#ifndef INCLUDE_IDLE
	if (pid == 0)
		return true;
#endif
	return false;
}

static __always_inline void make_key(struct start_key *key, u32 pid, u32 cpu)
{
	__builtin_memset(key, 0, sizeof(*key));
	key->pid = pid;
	/* a thread is keyed alone, so that a spell off the CPU may end on another one */
	key->cpu = pid ? 0 : cpu;
}

static __always_inline void store_start(u32 tgid, u32 pid, u32 cpu, u64 ts)
{
	struct start_key key;

	if (filtered(tgid, pid))
		return;
	make_key(&key, pid, cpu);
	tb_count_lost(start.update(&key, &ts));
}

static __always_inline void update_hist(u32 tgid, u32 pid, u32 cpu, u64 ts)
{
	struct start_key key;
	u64 *tsp, delta;

	if (filtered(tgid, pid))
		return;
	make_key(&key, pid, cpu);
	tsp = start.lookup(&key);
	if (!tsp)
		return; /* started before tracing did */
	delta = ts - *tsp;
	/* a start later than now: two CPUs' clocks out of step (-O), no time to tell */
	if (*tsp > ts) {
		start.delete(&key);
		return;
	}
	start.delete(&key);
	delta /= FACTOR;
#ifdef TB_EXTENSION
	u32 zero = 0;
	struct cpudist_ext *ext = extension.lookup(&zero);
	if (ext) {
		__sync_fetch_and_add(&ext->total, delta);
		__sync_fetch_and_add(&ext->count, 1);
	}
#endif
#if TB_SECTION == TB_CPUDIST_ALL
	dist.atomic_increment(bpf_log2l(delta));
#else
	struct cpudist_key hkey = {};
	hkey.pad = 0;
	hkey.id = TB_SECTION == TB_CPUDIST_PID ? tgid : pid;
	hkey.slot = bpf_log2l(delta);
	dist.atomic_increment(hkey);
#endif
}

static __always_inline void on_switch(u32 prev_tgid, u32 prev_pid, u32 next_tgid, u32 next_pid)
{
	u64 ts = bpf_ktime_get_ns();
	u32 cpu = bpf_get_smp_processor_id();

#ifdef OFFCPU
	store_start(prev_tgid, prev_pid, cpu, ts);
	update_hist(next_tgid, next_pid, cpu, ts);
#else
	update_hist(prev_tgid, prev_pid, cpu, ts);
	store_start(next_tgid, next_pid, cpu, ts);
#endif
}

#ifndef TB_USE_TRACEPOINTS
RAW_TRACEPOINT_PROBE(sched_switch)
{
	/* TP_PROTO(bool preempt, struct task_struct *prev, struct task_struct *next[, ...]) */
	struct task_struct *prev = (struct task_struct *)ctx->args[1];
	struct task_struct *next = (struct task_struct *)ctx->args[2];
	u32 prev_tgid, prev_pid, next_tgid, next_pid;

	tb_sched_task_ids(prev, &prev_tgid, &prev_pid);
	tb_sched_task_ids(next, &next_tgid, &next_pid);
	on_switch(prev_tgid, prev_pid, next_tgid, next_pid);
	return 0;
}

#else /* TB_USE_TRACEPOINTS: thread IDs only; the frontend refuses -p and -P here */

TRACEPOINT_PROBE(sched, sched_switch)
{
	on_switch(0, args->prev_pid, 0, args->next_pid);
	return 0;
}
#endif
