/* execsnoop: traces exec() through tracepoints. Entry records the caller and reads the path
 * and argv from user memory, as BCC's execsnoop does; exit adds the return value and the new
 * comm, then submits one event. */
#include <uapi/linux/ptrace.h>
#include <linux/sched.h>
#include "tb_bpf.h"
#include "execsnoop.h"

/* Options from the frontend, as -D flags: MAX_ARGS, TARG_UID, TARG_PPID, INCLUDE_FAILED. */
#ifndef MAX_ARGS
#define MAX_ARGS TB_EXECSNOOP_DEFAULT_ARGS
#endif
#define ARG_SIZE TB_EXECSNOOP_ARG_SIZE
#define LAST_ARG (TB_EXECSNOOP_ARGS_BUF - ARG_SIZE)

/* The event is 7.7 KB: too big for the stack. Entries live from exec entry to exit only, so
 * the hash is not preallocated; the one-slot array is an all-zero template to copy from.
 * Keyed by tgid, which exec keeps even when a non-leader thread calls it. */
BPF_F_TABLE("hash", u32, struct execsnoop_event, execs, 10240, BPF_F_NO_PREALLOC);
BPF_PERCPU_ARRAY(empty_event, struct execsnoop_event, 1);
BPF_PERF_OUTPUT(events);

static __always_inline int on_exec_enter(const char *filename, const char *const *argv)
{
	u64 id = bpf_get_current_pid_tgid();
	u32 tgid = id >> 32, uid = (u32)bpf_get_current_uid_gid(), zero = 0;
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	struct execsnoop_event *e;
	const char *argp;
	int ret;

#ifdef TARG_UID
	if (uid != TARG_UID)
		return 0;
#endif
	e = empty_event.lookup(&zero);
	if (!e)
		return 0;
	execs.update(&tgid, e);
	e = execs.lookup(&tgid);
	if (!e)
		return 0;

	e->pid = tgid;
	e->uid = uid;
	e->ppid = task->real_parent->tgid;
#ifdef TARG_PPID
	if (e->ppid != TARG_PPID) {
		execs.delete(&tgid);
		return 0;
	}
#endif
	ret = bpf_probe_read_user_str(e->args, ARG_SIZE, filename);
	if (ret <= 0)
		return 0;
	e->args_size = ret;

	/* argv[0] is stored too (user space drops it): the layout is then the same as the
	 * process's own argument area, should a kernel's copy of it be used one day */
#pragma unroll
	for (int i = 0; i < MAX_ARGS; i++) {
		argp = NULL;
		bpf_probe_read_user(&argp, sizeof(argp), &argv[i]);
		if (!argp)
			return 0;
		if (e->args_size > LAST_ARG)
			return 0;
		ret = bpf_probe_read_user_str(&e->args[e->args_size], ARG_SIZE, argp);
		/* an empty argument: kernels before 6.7 return 0 for "" (the NUL is copied but
		 * not counted; found in the 6.1 VM guest), later ones 1 */
		if (ret == 0)
			ret = 1;
		if (ret < 0 || ret > ARG_SIZE)
			return 0;
		e->args_size += ret;
	}
	argp = NULL;
	bpf_probe_read_user(&argp, sizeof(argp), &argv[MAX_ARGS]);
	if (argp)
		e->flags |= TB_EXECSNOOP_TRUNCATED;
	return 0;
}

/* Successful execs only: when the caller's path could not be read from user memory (its page
 * not touched since fork), take the kernel's copy. The arguments then stay unknown. */
TRACEPOINT_PROBE(sched, sched_process_exec)
{
	u32 tgid = bpf_get_current_pid_tgid() >> 32;
	struct execsnoop_event *e = execs.lookup(&tgid);
	long ret;

	if (!e || e->args_size)
		return 0;
	ret = bpf_probe_read_kernel_str(e->args, ARG_SIZE,
					(char *)args + (args->data_loc_filename & 0xFFFF));
	if (ret > 0)
		e->args_size = ret;
	return 0;
}

static __always_inline int on_exec_exit(void *ctx, long ret)
{
	u32 tgid = bpf_get_current_pid_tgid() >> 32;
	struct execsnoop_event *e = execs.lookup(&tgid);
	u64 size; /* 64-bit, so the bounds check and the use are the same register */

	if (!e)
		return 0;
#ifndef INCLUDE_FAILED
	if (ret < 0)
		goto cleanup;
#endif
	e->retval = ret;
	bpf_get_current_comm(&e->comm, sizeof(e->comm));
	size = sizeof(*e) - TB_EXECSNOOP_ARGS_BUF + e->args_size;
	if (size <= sizeof(*e))
		events.perf_submit(ctx, e, size);
cleanup:
	execs.delete(&tgid);
	return 0;
}

TRACEPOINT_PROBE(syscalls, sys_enter_execve)
{
	return on_exec_enter(args->filename, args->argv);
}

TRACEPOINT_PROBE(syscalls, sys_exit_execve)
{
	return on_exec_exit(args, args->ret);
}

TRACEPOINT_PROBE(syscalls, sys_enter_execveat)
{
	return on_exec_enter(args->filename, args->argv);
}

TRACEPOINT_PROBE(syscalls, sys_exit_execveat)
{
	return on_exec_exit(args, args->ret);
}
