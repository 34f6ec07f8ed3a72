/* sigsnoop: signals as the kernel generates them (signal:signal_generate), or, with
 * KILL_SYSCALLS, the kill(), tkill() and tgkill() syscalls, entry and exit joined per thread
 * (killsnoop and sigsnoop -k). */
#include <uapi/linux/ptrace.h>
#include <linux/sched.h>
#include "tb_bpf.h"
#include "sigsnoop.h"

/* Options from the frontend, as -D flags: TARG_PID (sender's tgid), TARG_TPID (target as
 * given), TARG_SIGS (bit n-1 set = trace signal n), FAILED_ONLY, KILL_SYSCALLS, and with it
 * WITH_TCOMM (fill the target's comm from signal_generate). */

BPF_PERF_OUTPUT(events);

static __always_inline int wanted(u32 pid, int tpid, int sig)
{
#ifdef TARG_PID
	if (pid != TARG_PID)
		return 0;
#endif
#ifdef TARG_TPID
	if (tpid != TARG_TPID)
		return 0;
#endif
#ifdef TARG_SIGS
	if (sig < 1 || sig > TB_SIGSNOOP_MAX_SIG || !((TARG_SIGS >> (sig - 1)) & 1))
		return 0;
#endif
	return 1;
}

#ifdef KILL_SYSCALLS
/* what the syscall's entry saw, keyed by thread ID until its exit */
BPF_HASH(start, u32, struct sigsnoop_event, 10240);

static __always_inline int on_enter(int tpid, int sig)
{
	u64 id = bpf_get_current_pid_tgid();
	u32 tid = (u32)id;
	struct sigsnoop_event e = {};

	if (!wanted(id >> 32, tpid, sig))
		return 0;
	e.pid = id >> 32;
	e.uid = (u32)bpf_get_current_uid_gid();
	e.tpid = tpid;
	e.sig = sig;
	bpf_get_current_comm(&e.comm, sizeof(e.comm));
	start.update(&tid, &e);
	return 0;
}

static __always_inline int on_exit(void *ctx, long ret)
{
	u32 tid = (u32)bpf_get_current_pid_tgid();
	struct sigsnoop_event *e = start.lookup(&tid);

	if (!e)
		return 0;
#ifdef FAILED_ONLY
	if (ret >= 0)
		goto cleanup;
#endif
	e->ret = ret;
	tb_count_lost(events.perf_submit(ctx, e, sizeof(*e)));
cleanup:
	start.delete(&tid);
	return 0;
}

/* the syscall fields are 8 bytes wide whatever their C type: cast to int as the kernel does */
TRACEPOINT_PROBE(syscalls, sys_enter_kill)
{
	return on_enter((int)args->pid, (int)args->sig);
}

TRACEPOINT_PROBE(syscalls, sys_exit_kill)
{
	return on_exit(args, args->ret);
}

TRACEPOINT_PROBE(syscalls, sys_enter_tkill)
{
	return on_enter((int)args->pid, (int)args->sig);
}

TRACEPOINT_PROBE(syscalls, sys_exit_tkill)
{
	return on_exit(args, args->ret);
}

TRACEPOINT_PROBE(syscalls, sys_enter_tgkill)
{
	return on_enter((int)args->pid, (int)args->sig);
}

TRACEPOINT_PROBE(syscalls, sys_exit_tgkill)
{
	return on_exit(args, args->ret);
}

#ifdef WITH_TCOMM
/* Generated inside the sender's syscall, in its thread: the target's comm comes with it. A
 * kill() of a process group generates several; the first target is kept. */
TRACEPOINT_PROBE(signal, signal_generate)
{
	u32 tid = (u32)bpf_get_current_pid_tgid();
	struct sigsnoop_event *e = start.lookup(&tid);

	if (e && !e->tcomm[0])
		__builtin_memcpy(e->tcomm, args->comm, sizeof(e->tcomm));
	return 0;
}
#endif

#else /* !KILL_SYSCALLS */

/* Every signal the kernel generates, whoever sends it: kill(), raise(), a fault's SIGSEGV, a
 * child's SIGCHLD... The sender is the task running when it is generated. */
TRACEPOINT_PROBE(signal, signal_generate)
{
	u64 id = bpf_get_current_pid_tgid();
	struct sigsnoop_event e = {};

#ifdef FAILED_ONLY
	if (args->result == 0) /* TRACE_SIGNAL_DELIVERED */
		return 0;
#endif
	if (!wanted(id >> 32, args->pid, args->sig))
		return 0;
	e.pid = id >> 32;
	e.uid = (u32)bpf_get_current_uid_gid();
	e.tpid = args->pid;
	e.sig = args->sig;
	e.ret = args->result;
	bpf_get_current_comm(&e.comm, sizeof(e.comm));
	__builtin_memcpy(e.tcomm, args->comm, sizeof(e.tcomm));
	tb_count_lost(events.perf_submit(args, &e, sizeof(e)));
	return 0;
}
#endif
