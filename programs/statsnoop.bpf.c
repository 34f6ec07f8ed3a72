/* statsnoop: traces the stat() family (statfs, newstat, newlstat, newfstatat, statx, and the
 * 32-bit stat and fstatat64) through the syscalls tracepoints. Entry records the path pointer
 * and the call per thread; exit reads the path (the kernel has just read it) and sends one
 * event with the result, as BCC's statsnoop does with kprobes. */
#include <uapi/linux/ptrace.h>
#include <linux/sched.h>
#include "tb_bpf.h"
#include "statsnoop.h"

/* Options from the frontend, as -D flags: TARG_PID, FAILED_ONLY. */

struct statsnoop_start {
	u64 fname; /* user pointer */
	u32 call;
	u32 pad;
};

BPF_HASH(starts, u32, struct statsnoop_start, 10240); /* by thread: entry to exit */
BPF_PERCPU_ARRAY(scratch, struct statsnoop_event, 1);  /* 300 bytes: kept off the stack */
BPF_PERF_OUTPUT(events);

static __always_inline int on_stat_enter(const char *filename, u32 call)
{
	u64 id = bpf_get_current_pid_tgid();
	u32 tid = (u32)id;
	struct statsnoop_start s = {};

#ifdef TARG_PID
	if ((id >> 32) != TARG_PID)
		return 0;
#endif
	s.fname = (u64)filename;
	s.call = call;
	starts.update(&tid, &s);
	return 0;
}

static __always_inline int on_stat_exit(void *ctx, long ret)
{
	u64 id = bpf_get_current_pid_tgid();
	u32 tid = (u32)id, zero = 0;
	struct statsnoop_start *s = starts.lookup(&tid);
	struct statsnoop_event *e;

	if (!s)
		return 0;
#ifdef FAILED_ONLY
	if (ret >= 0)
		goto cleanup;
#endif
	e = scratch.lookup(&zero);
	if (!e)
		goto cleanup;
	e->ts = bpf_ktime_get_ns();
	e->pid = id >> 32;
	e->tid = tid;
	e->ret = ret;
	e->call = s->call;
	bpf_get_current_comm(&e->comm, sizeof(e->comm));
	/* statx(fd, "", AT_EMPTY_PATH) and friends: an empty or NULL path stays empty */
	if (!s->fname || bpf_probe_read_user_str(e->name, sizeof(e->name), (void *)s->fname) <= 0)
		e->name[0] = 0;
	tb_count_lost(events.perf_submit(ctx, e, sizeof(*e)));
cleanup:
	starts.delete(&tid);
	return 0;
}

/* Each call on the kernels and architectures that have it: libbcc cannot compile a probe on a
 * tracepoint this kernel lacks (TB_TP_ in tb_bpf.h) */
#ifdef TB_TP_syscalls__sys_enter_statfs
TRACEPOINT_PROBE(syscalls, sys_enter_statfs)
{
	return on_stat_enter(args->pathname, TB_STATSNOOP_STATFS);
}

TRACEPOINT_PROBE(syscalls, sys_exit_statfs)
{
	return on_stat_exit(args, args->ret);
}
#endif

#ifdef TB_TP_syscalls__sys_enter_newstat
TRACEPOINT_PROBE(syscalls, sys_enter_newstat)
{
	return on_stat_enter(args->filename, TB_STATSNOOP_NEWSTAT);
}

TRACEPOINT_PROBE(syscalls, sys_exit_newstat)
{
	return on_stat_exit(args, args->ret);
}
#endif

#ifdef TB_TP_syscalls__sys_enter_newlstat
TRACEPOINT_PROBE(syscalls, sys_enter_newlstat)
{
	return on_stat_enter(args->filename, TB_STATSNOOP_NEWLSTAT);
}

TRACEPOINT_PROBE(syscalls, sys_exit_newlstat)
{
	return on_stat_exit(args, args->ret);
}
#endif

#ifdef TB_TP_syscalls__sys_enter_newfstatat
TRACEPOINT_PROBE(syscalls, sys_enter_newfstatat)
{
	return on_stat_enter(args->filename, TB_STATSNOOP_NEWFSTATAT);
}

TRACEPOINT_PROBE(syscalls, sys_exit_newfstatat)
{
	return on_stat_exit(args, args->ret);
}
#endif

/* 4.11 and later */
#ifdef TB_TP_syscalls__sys_enter_statx
TRACEPOINT_PROBE(syscalls, sys_enter_statx)
{
	return on_stat_enter(args->filename, TB_STATSNOOP_STATX);
}

TRACEPOINT_PROBE(syscalls, sys_exit_statx)
{
	return on_stat_exit(args, args->ret);
}
#endif

/* 32-bit architectures */
#ifdef TB_TP_syscalls__sys_enter_stat
TRACEPOINT_PROBE(syscalls, sys_enter_stat)
{
	return on_stat_enter(args->filename, TB_STATSNOOP_STAT);
}

TRACEPOINT_PROBE(syscalls, sys_exit_stat)
{
	return on_stat_exit(args, args->ret);
}
#endif

#ifdef TB_TP_syscalls__sys_enter_fstatat64
TRACEPOINT_PROBE(syscalls, sys_enter_fstatat64)
{
	return on_stat_enter(args->filename, TB_STATSNOOP_FSTATAT64);
}

TRACEPOINT_PROBE(syscalls, sys_exit_fstatat64)
{
	return on_stat_exit(args, args->ret);
}
#endif
