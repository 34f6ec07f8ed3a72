/* funclatency: the fixed part of the program funclatency writes from its pattern. Each
 * function matched gets trace_func_entry_N (at its entry), appended after this by the frontend,
 * which calls entry(N): the time and the function are noted for the thread. trace_func_return
 * (at every function's return) adds the time since to the histogram. Options arrive as -D
 * flags: TARG_PID (a process), FACTOR (nanoseconds per unit), SECTIONS (a histogram per
 * function), SECTION_PID (and per process), LEVEL (-l: nested calls timed per thread). */
#include <uapi/linux/ptrace.h>

#ifndef FACTOR
#define FACTOR 1
#endif

struct entry_t {
	u64 ts;
	u64 func;
#ifdef LEVEL
	u64 depth; /* the call's nesting depth in its thread: its slot may hold a deeper one */
#endif
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
#ifdef LEVEL
/* -l: a thread's calls in flight, LEVEL of them: the call at depth D has slot D % LEVEL, so
 * the deepest LEVEL are timed (as BCC's stack of LEVEL, whose push drops the oldest); an
 * outer call whose slot a deeper one took is not */
struct start_key {
	u64 pid_tgid;
	u64 slot;
};
BPF_HASH(start, struct start_key, struct entry_t, 10240);
BPF_HASH(depth, u64, u64); /* calls in flight per thread */
#else
/* by thread: a recursive call's entry replaces its caller's, whose return then finds none (as
 * BCC's funclatency without -l) */
BPF_HASH(start, u64, struct entry_t);
#endif

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
#ifdef LEVEL
	struct start_key skey;
	u64 *d = depth.lookup(&pid_tgid), next;

	__builtin_memset(&skey, 0, sizeof(skey));
	e.depth = d ? *d : 0;
	next = e.depth + 1;
	skey.pid_tgid = pid_tgid;
	skey.slot = e.depth % LEVEL;
	start.update(&skey, &e);
	depth.update(&pid_tgid, &next);
#else
	start.update(&pid_tgid, &e);
#endif
	return 0;
}

int trace_func_return(struct pt_regs *ctx)
{
	u64 pid_tgid = bpf_get_current_pid_tgid();
	u64 delta, func, *sum;
	u32 total = 0, count = 1;
#ifdef LEVEL
	struct start_key skey;
	struct entry_t *e;
	u64 *d = depth.lookup(&pid_tgid), at;

	if (!d || !*d)
		return 0; /* entered before tracing began */
	at = *d - 1;
	if (at)
		depth.update(&pid_tgid, &at);
	else
		depth.delete(&pid_tgid);
	__builtin_memset(&skey, 0, sizeof(skey));
	skey.pid_tgid = pid_tgid;
	skey.slot = at % LEVEL;
	e = start.lookup(&skey);
	if (!e || e->depth != at)
		return 0; /* deeper than LEVEL below it: its slot was taken */
	delta = bpf_ktime_get_ns() - e->ts;
	func = e->func;
	start.delete(&skey);
#else
	struct entry_t *e = start.lookup(&pid_tgid);

	if (!e)
		return 0; /* entered before tracing began */
	delta = bpf_ktime_get_ns() - e->ts;
	func = e->func;
	start.delete(&pid_tgid);
#endif
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
