/* execsnoop: traces exec() through tracepoints. Entry reads the caller, the path and argv from
 * user memory, as BCC's execsnoop does, and sends them; return sends the result and the new
 * comm. User space joins the two by pid (see execsnoop.h for why there are two). */
#include <uapi/linux/ptrace.h>
#include <linux/sched.h>
#include "tb_bpf.h"
#include "tb_bpf_container.h"
#include "execsnoop.h"

/* Options from the frontend, as -D flags: MAX_ARGS, TARG_UID, TARG_PPID (failed execs are
 * sent too: -x is decided in user space, so both share one compiled program). */
#ifndef MAX_ARGS
#define MAX_ARGS TB_EXECSNOOP_DEFAULT_ARGS
#endif
#define ARG_SIZE TB_EXECSNOOP_ARG_SIZE
#define LAST_ARG (TB_EXECSNOOP_ARGS_BUF - ARG_SIZE)

/* The execs in flight that passed the filters, by tgid (which exec keeps even when a
 * non-leader thread calls it): 1 when the ARGS event went out, 2 when the path could not be
 * read from user memory (its page not touched since fork) and sched_process_exec sends it. */
#define SENT 1
#define PATH_UNREAD 2
BPF_HASH(execs, u32, u32, 10240);
BPF_PERCPU_ARRAY(scratch, struct execsnoop_event, 1);
BPF_PERF_OUTPUT(events);

/* Sends the first args_size bytes of args after the header. */
static __always_inline void send_args(void *ctx, struct execsnoop_event *e)
{
	u64 size = sizeof(e->h) + e->h.args_size; /* one register: bounded and used */

	if (size <= sizeof(*e))
		tb_count_lost(events.perf_submit(ctx, e, size));
}

static __always_inline int on_exec_enter(void *ctx, const char *filename, const char *const *argv)
{
	u64 id = bpf_get_current_pid_tgid();
	u32 tgid = id >> 32, uid = (u32)bpf_get_current_uid_gid(), zero = 0, state = SENT;
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	struct execsnoop_event *e;
	const char *argp;
	int ret;

#ifdef TARG_UID
	if (uid != TARG_UID)
		return 0;
#endif
	if (tb_container_skip())
		return 0;
	e = scratch.lookup(&zero);
	if (!e)
		return 0;
	e->h.kind = TB_EXECSNOOP_ARGS;
	e->h.pid = tgid;
	e->h.uid = uid;
	e->h.flags = 0;
	e->h.args_size = 0;
	e->h.ppid = task->real_parent->tgid;
#ifdef TARG_PPID
	if (e->h.ppid != TARG_PPID)
		return 0;
#endif
	ret = bpf_probe_read_user_str(e->args, ARG_SIZE, filename);
	if (ret <= 0) {
		state = PATH_UNREAD;
		execs.update(&tgid, &state);
		return 0;
	}
	e->h.args_size = ret;

	/* argv[0] is stored too (user space drops it): the layout is then the same as the
	 * process's own argument area, should a kernel's copy of it be used one day */
#pragma unroll
	for (int i = 0; i < MAX_ARGS; i++) {
		argp = NULL;
		bpf_probe_read_user(&argp, sizeof(argp), &argv[i]);
		if (!argp)
			goto send;
		if (e->h.args_size > LAST_ARG)
			goto send;
		ret = bpf_probe_read_user_str(&e->args[e->h.args_size], ARG_SIZE, argp);
		/* an empty argument: kernels before 6.7 return 0 for "" (the NUL is copied but
		 * not counted; found in the 6.1 VM guest), later ones 1 */
		if (ret == 0)
			ret = 1;
		if (ret < 0 || ret > ARG_SIZE)
			goto send;
		e->h.args_size += ret;
	}
	argp = NULL;
	bpf_probe_read_user(&argp, sizeof(argp), &argv[MAX_ARGS]);
	if (argp)
		e->h.flags |= TB_EXECSNOOP_TRUNCATED;
send:
	execs.update(&tgid, &state);
	send_args(ctx, e);
	return 0;
}

/* Successful execs only: when the caller's path could not be read from user memory, send the
 * kernel's copy. The arguments then stay unknown. */
TRACEPOINT_PROBE(sched, sched_process_exec)
{
	u32 tgid = bpf_get_current_pid_tgid() >> 32, zero = 0, sent = SENT;
	u32 *state = execs.lookup(&tgid);
	struct execsnoop_event *e;
	long ret;

	if (!state || *state != PATH_UNREAD)
		return 0;
	e = scratch.lookup(&zero);
	if (!e)
		return 0;
	/* the rest of the header was set at entry on this CPU, but another exec may have used
	 * the slot since: fill it again */
	e->h.kind = TB_EXECSNOOP_ARGS;
	e->h.pid = tgid;
	e->h.uid = (u32)bpf_get_current_uid_gid();
	e->h.ppid = ((struct task_struct *)bpf_get_current_task())->real_parent->tgid;
	e->h.flags = 0;
	ret = bpf_probe_read_kernel_str(e->args, ARG_SIZE,
					(char *)args + (args->data_loc_filename & 0xFFFF));
	e->h.args_size = ret > 0 ? ret : 0;
	execs.update(&tgid, &sent);
	send_args(args, e);
	return 0;
}

static __always_inline int on_exec_exit(void *ctx, long ret)
{
	u32 tgid = bpf_get_current_pid_tgid() >> 32;
	u32 *state = execs.lookup(&tgid);
	struct execsnoop_head e = {};

	if (!state)
		return 0;
	/* a failed exec whose path was never read sent nothing: nothing to close either */
	if (*state == SENT) {
		e.kind = TB_EXECSNOOP_RETURN;
		e.pid = tgid;
		e.retval = ret;
		bpf_get_current_comm(&e.comm, sizeof(e.comm));
		tb_count_lost(events.perf_submit(ctx, &e, sizeof(e)));
	}
	execs.delete(&tgid);
	return 0;
}

TRACEPOINT_PROBE(syscalls, sys_enter_execve)
{
	return on_exec_enter(args, args->filename, args->argv);
}

TRACEPOINT_PROBE(syscalls, sys_exit_execve)
{
	return on_exec_exit(args, args->ret);
}

#ifdef TB_TP_syscalls__sys_enter_execveat
TRACEPOINT_PROBE(syscalls, sys_enter_execveat)
{
	return on_exec_enter(args, args->filename, args->argv);
}

TRACEPOINT_PROBE(syscalls, sys_exit_execveat)
{
	return on_exec_exit(args, args->ret);
}
#endif
