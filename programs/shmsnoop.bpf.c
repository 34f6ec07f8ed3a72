/* shmsnoop: traces the System V shared memory calls shmget, shmat, shmdt and shmctl through
 * the syscalls tracepoints. Entry keeps the call and its arguments per thread; exit sends one
 * event with the result, as BCC's shmsnoop does with a kprobe and a kretprobe per syscall. */
#include <uapi/linux/ptrace.h>
#include <linux/sched.h>
#include "tb_bpf.h"
#include "shmsnoop.h"

/* Options from the frontend, as -D flags: TARG_PID, TARG_TID (which wins, as in BCC). */

struct shmsnoop_start {
	u64 args[3];
	u32 call;
	u32 pad;
};

BPF_HASH(starts, u32, struct shmsnoop_start, 10240); /* by thread: entry to exit */
BPF_PERF_OUTPUT(events);

/* int arguments are sign-extended: the value glibc put in the register, which BCC reads */
static __always_inline int on_shm_enter(u32 call, u64 a0, u64 a1, u64 a2)
{
	u64 id = bpf_get_current_pid_tgid();
	u32 tid = (u32)id;
	struct shmsnoop_start s;

	if (tb_pid_tid_skip(id))
		return 0;
	/* zeroed whole, padding included, and put in the map from the stack: kernels before 4.16 */
	__builtin_memset(&s, 0, sizeof(s));
	s.args[0] = a0;
	s.args[1] = a1;
	s.args[2] = a2;
	s.call = call;
	starts.update(&tid, &s);
	return 0;
}

static __always_inline int on_shm_exit(void *ctx, long ret)
{
	u64 id = bpf_get_current_pid_tgid();
	u32 tid = (u32)id;
	struct shmsnoop_start *s = starts.lookup(&tid);
	struct shmsnoop_event e;

	if (!s)
		return 0;
	__builtin_memset(&e, 0, sizeof(e));
	e.ts = bpf_ktime_get_ns();
	e.pid = id >> 32;
	e.tid = tid;
	e.ret = ret;
	e.args[0] = s->args[0];
	e.args[1] = s->args[1];
	e.args[2] = s->args[2];
	e.call = s->call;
	bpf_get_current_comm(&e.comm, sizeof(e.comm));
	tb_count_lost(events.perf_submit(ctx, &e, sizeof(e)));
	starts.delete(&tid);
	return 0;
}

TRACEPOINT_PROBE(syscalls, sys_enter_shmget)
{
	return on_shm_enter(TB_SHMSNOOP_SHMGET, (s64)(int)args->key, args->size,
			    (s64)(int)args->shmflg);
}

TRACEPOINT_PROBE(syscalls, sys_exit_shmget)
{
	return on_shm_exit(args, args->ret);
}

TRACEPOINT_PROBE(syscalls, sys_enter_shmat)
{
	return on_shm_enter(TB_SHMSNOOP_SHMAT, (s64)(int)args->shmid, (u64)args->shmaddr,
			    (s64)(int)args->shmflg);
}

TRACEPOINT_PROBE(syscalls, sys_exit_shmat)
{
	return on_shm_exit(args, args->ret);
}

TRACEPOINT_PROBE(syscalls, sys_enter_shmdt)
{
	return on_shm_enter(TB_SHMSNOOP_SHMDT, (u64)args->shmaddr, 0, 0);
}

TRACEPOINT_PROBE(syscalls, sys_exit_shmdt)
{
	return on_shm_exit(args, args->ret);
}

TRACEPOINT_PROBE(syscalls, sys_enter_shmctl)
{
	return on_shm_enter(TB_SHMSNOOP_SHMCTL, (s64)(int)args->shmid, (s64)(int)args->cmd,
			    (u64)args->buf);
}

TRACEPOINT_PROBE(syscalls, sys_exit_shmctl)
{
	return on_shm_exit(args, args->ret);
}
