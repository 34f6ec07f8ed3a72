/* funclatency: the fixed part of the program funclatency writes from its pattern. Each
 * function matched gets trace_func_entry_N (at its entry), appended after this by the frontend,
 * which calls entry(N): the time and the function are noted for the thread. trace_func_return
 * (at every function's return) adds the time since to the histogram. Options arrive as -D
 * flags: TARG_PID (a process), FACTOR (nanoseconds per unit), SECTIONS (a histogram per
 * function), SECTION_PID (and per process). */
#include <uapi/linux/ptrace.h>

#ifndef FACTOR
#define FACTOR 1
#endif

struct entry_t {
	u64 ts;
	u64 func;
};

#ifdef SECTIONS
struct hist_key {
	u64 func;
	u64 pid;
	u64 slot;
};
BPF_HISTOGRAM(dist, struct hist_key);
#else
BPF_HISTOGRAM(dist);
#endif
BPF_ARRAY(avg, u64, 2); /* total nanoseconds, count */
/* by thread: a recursive call's entry replaces its caller's, whose return then finds none (as
 * BCC's funclatency without -l) */
BPF_HASH(start, u64, struct entry_t);

static __always_inline int entry(u64 func)
{
	u64 pid_tgid = bpf_get_current_pid_tgid();
	struct entry_t e = {};

#ifdef TARG_PID
	if ((u32)(pid_tgid >> 32) != TARG_PID)
		return 0;
#endif
	e.ts = bpf_ktime_get_ns();
	e.func = func;
	start.update(&pid_tgid, &e);
	return 0;
}

int trace_func_return(struct pt_regs *ctx)
{
	u64 pid_tgid = bpf_get_current_pid_tgid();
	struct entry_t *e = start.lookup(&pid_tgid);
	u64 delta, func, *sum;
	u32 total = 0, count = 1;

	if (!e)
		return 0; /* entered before tracing began */
	delta = bpf_ktime_get_ns() - e->ts;
	func = e->func;
	start.delete(&pid_tgid);
	sum = avg.lookup(&total);
	if (sum)
		lock_xadd(sum, delta);
	sum = avg.lookup(&count);
	if (sum)
		lock_xadd(sum, 1);
	delta /= FACTOR;
#ifdef SECTIONS
	struct hist_key key = {};
	key.func = func;
#ifdef SECTION_PID
	key.pid = pid_tgid >> 32;
#endif
	key.slot = bpf_log2l(delta);
	dist.atomic_increment(key);
#else
	dist.atomic_increment(bpf_log2l(delta));
#endif
	return 0;
}

/* the functions' entries, one per function matched: */
