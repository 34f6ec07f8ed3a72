/* mountsnoop: traces mount() and umount(), and the new mount API (fsopen, fsconfig, fsmount,
 * move_mount) where the kernel has it, through the syscalls tracepoints. Entry keeps the
 * arguments per thread; exit reads the strings from the caller's memory (the kernel has just
 * read them) and sends one event with the result: BCC's mountsnoop sends one per argument
 * from kprobes and joins them in user space. */
#include <uapi/linux/ptrace.h>
#include <linux/sched.h>
#define TB_WANT_MNT_NS 1 /* as --mntnsmap defines it */
#include "tb_bpf.h"
#include "tb_bpf_container.h"
#include "mountsnoop.h"

/* No options reach the program: BCC's -P columns are read for every call (a few bytes). */

struct mountsnoop_start {
	u64 str[TB_MOUNTSNOOP_NSTR]; /* user pointers, 0 = none */
	u64 flags;
	s32 fd;
	s32 fd2;
	u32 arg;
	s32 aux;
	u32 call;
	u32 pad;
};

BPF_HASH(starts, u32, struct mountsnoop_start, 1024); /* by thread: entry to exit */
BPF_PERCPU_ARRAY(scratch, struct mountsnoop_event, 1);  /* 1.1 KB: too big for the stack */
BPF_PERF_OUTPUT(events);

/* Each starter fills a zeroed struct on its stack (before 4.16 a hash entry is made from
 * stack memory only) and keeps it. */
static __always_inline int keep(struct mountsnoop_start *s)
{
	u32 tid = (u32)bpf_get_current_pid_tgid();

	if (tb_container_skip())
		return 0;
	starts.update(&tid, s);
	return 0;
}

static __always_inline void read_str(char *dst, u64 src)
{
	dst[0] = 0;
	if (src && bpf_probe_read_user_str(dst, TB_MOUNTSNOOP_STR_LEN, (void *)src) <= 0)
		dst[0] = 0;
}

static __always_inline int on_call_exit(void *ctx, long ret)
{
	u64 id = bpf_get_current_pid_tgid();
	u32 tid = (u32)id, zero = 0;
	struct mountsnoop_start *s = starts.lookup(&tid);
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	struct task_struct *parent = NULL;
	struct mountsnoop_event *e;

	if (!s)
		return 0;
	e = scratch.lookup(&zero);
	if (!e)
		goto cleanup;
	e->pid = id >> 32;
	e->tid = tid;
	e->ret = ret;
	e->call = s->call;
	e->flags = s->flags;
	e->fd = s->fd;
	e->fd2 = s->fd2;
	e->arg = s->arg;
	e->aux = s->aux;
	bpf_get_current_comm(&e->comm, sizeof(e->comm));
	e->mnt_ns = tb_mnt_ns_inum(task);
	e->ppid = 0;
	e->pcomm[0] = 0;
	bpf_probe_read_kernel(&parent, sizeof(parent), &task->real_parent);
	if (parent) {
		bpf_probe_read_kernel(&e->ppid, sizeof(e->ppid), &parent->tgid);
		bpf_probe_read_kernel_str(e->pcomm, sizeof(e->pcomm), parent->comm);
	}
	read_str(e->str[0], s->str[0]);
	read_str(e->str[1], s->str[1]);
	read_str(e->str[2], s->str[2]);
	read_str(e->str[3], s->str[3]);
	tb_count_lost(events.perf_submit(ctx, e, sizeof(*e)));
cleanup:
	starts.delete(&tid);
	return 0;
}

TRACEPOINT_PROBE(syscalls, sys_enter_mount)
{
	struct mountsnoop_start s = {};

	s.call = TB_MOUNTSNOOP_MOUNT;
	s.str[0] = (u64)args->dev_name;
	s.str[1] = (u64)args->dir_name;
	s.str[2] = (u64)args->type;
	s.str[3] = (u64)args->data; /* almost always a string (see CAVEATS in docs/mountsnoop.md) */
	s.flags = args->flags;
	return keep(&s);
}

TRACEPOINT_PROBE(syscalls, sys_exit_mount)
{
	return on_call_exit(args, args->ret);
}

TRACEPOINT_PROBE(syscalls, sys_enter_umount)
{
	struct mountsnoop_start s = {};

	s.call = TB_MOUNTSNOOP_UMOUNT;
	s.str[0] = (u64)args->name;
	s.flags = (u32)args->flags;
	return keep(&s);
}

TRACEPOINT_PROBE(syscalls, sys_exit_umount)
{
	return on_call_exit(args, args->ret);
}

/* the new mount API: 5.2 and later (libbcc cannot compile a probe on a tracepoint this kernel
 * lacks: TB_TP_ in tb_bpf.h) */
#ifdef TB_TP_syscalls__sys_enter_fsopen
TRACEPOINT_PROBE(syscalls, sys_enter_fsopen)
{
	struct mountsnoop_start s = {};

	s.call = TB_MOUNTSNOOP_FSOPEN;
	s.str[0] = (u64)args->_fs_name;
	s.flags = args->flags;
	return keep(&s);
}

TRACEPOINT_PROBE(syscalls, sys_exit_fsopen)
{
	return on_call_exit(args, args->ret);
}
#endif

#ifdef TB_TP_syscalls__sys_enter_fsconfig
TRACEPOINT_PROBE(syscalls, sys_enter_fsconfig)
{
	struct mountsnoop_start s = {};

	s.call = TB_MOUNTSNOOP_FSCONFIG;
	s.fd = args->fd;
	s.arg = args->cmd;
	s.str[0] = (u64)args->_key;
	/* a string for FSCONFIG_SET_STRING and the paths; a blob for SET_BINARY (read as a
	 * string all the same, as BCC does) */
	s.str[1] = (u64)args->_value;
	s.aux = args->aux;
	return keep(&s);
}

TRACEPOINT_PROBE(syscalls, sys_exit_fsconfig)
{
	return on_call_exit(args, args->ret);
}
#endif

#ifdef TB_TP_syscalls__sys_enter_fsmount
TRACEPOINT_PROBE(syscalls, sys_enter_fsmount)
{
	struct mountsnoop_start s = {};

	s.call = TB_MOUNTSNOOP_FSMOUNT;
	s.fd = args->fs_fd;
	s.flags = args->flags;
	s.arg = args->attr_flags;
	return keep(&s);
}

TRACEPOINT_PROBE(syscalls, sys_exit_fsmount)
{
	return on_call_exit(args, args->ret);
}
#endif

#ifdef TB_TP_syscalls__sys_enter_move_mount
TRACEPOINT_PROBE(syscalls, sys_enter_move_mount)
{
	struct mountsnoop_start s = {};

	s.call = TB_MOUNTSNOOP_MOVE_MOUNT;
	s.fd = args->from_dfd;
	s.str[0] = (u64)args->from_pathname;
	s.fd2 = args->to_dfd;
	s.str[1] = (u64)args->to_pathname;
	s.flags = args->flags;
	return keep(&s);
}

TRACEPOINT_PROBE(syscalls, sys_exit_move_mount)
{
	return on_call_exit(args, args->ret);
}
#endif
