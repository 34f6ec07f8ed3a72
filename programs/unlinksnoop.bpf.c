/* unlinksnoop: file deletions, i.e. the kernel's do_unlinkat(), traced at entry (the name) and
 * return (the result) in one of three interchangeable ways, chosen by a -D flag so only one is
 * compiled: TB_USE_FENTRY (fentry/fexit), TB_USE_KPROBE (kprobe/kretprobe), or neither: the
 * unlink/unlinkat syscall tracepoints, which are how user space reaches do_unlinkat. */
#include <uapi/linux/ptrace.h>
#include <linux/sched.h>
#if defined(TB_USE_FENTRY) || defined(TB_USE_KPROBE)
#include <linux/fs.h> /* struct filename: do_unlinkat's name argument */
#endif
/* do_unlinkat() takes the name as a struct filename * since Linux 4.16 and as the caller's
 * const char __user * before: the loader probes which (TB_UNLINKAT_USER, see tb_bpf.h). */
#include "tb_bpf.h"
#include "unlinksnoop.h"

/* Options from the frontend, as -D flags: TARG_PID, FAILED_ONLY, and the attach method. */
#ifndef AT_REMOVEDIR
#define AT_REMOVEDIR 0x200
#endif

/* Entry to return, keyed by thread ID: the name is read at entry, while it surely exists (the
 * kernel frees it before returning). The event (296 bytes) is made on the stack: before Linux
 * 4.16 the verifier creates hash entries from stack memory only. */
BPF_F_TABLE("hash", u32, struct unlinksnoop_event, start, 10240, BPF_F_NO_PREALLOC);
BPF_PERF_OUTPUT(events);

static __always_inline struct unlinksnoop_event *begin(void)
{
	u64 id = bpf_get_current_pid_tgid();
	u32 tid = (u32)id;
	struct unlinksnoop_event e = {};

#ifdef TARG_PID
	if ((id >> 32) != TARG_PID)
		return NULL;
#endif
	e.ts_ns = bpf_ktime_get_ns();
	e.pid = id >> 32;
	e.uid = (u32)bpf_get_current_uid_gid();
	bpf_get_current_comm(&e.comm, sizeof(e.comm));
	start.update(&tid, &e);
	return start.lookup(&tid);
}

static __always_inline int finish(void *ctx, long ret)
{
	u32 tid = (u32)bpf_get_current_pid_tgid();
	struct unlinksnoop_event *e = start.lookup(&tid);

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

#if defined(TB_USE_FENTRY) || defined(TB_USE_KPROBE)
/* name->name points to the kernel's copy of the path the caller gave */
static __always_inline int enter_kernel(struct filename *name)
{
	struct unlinksnoop_event *e = begin();
	const char *path = NULL;

	if (!e)
		return 0;
	bpf_probe_read_kernel(&path, sizeof(path), &name->name);
	bpf_probe_read_kernel_str(e->filename, sizeof(e->filename), path);
	return 0;
}
#endif

#if defined(TB_USE_FENTRY)
/* int do_unlinkat(int dfd, struct filename *name); fexit sees the arguments and the result */
KFUNC_PROBE(do_unlinkat, int dfd, struct filename *name)
{
	return enter_kernel(name);
}

KRETFUNC_PROBE(do_unlinkat, int dfd, struct filename *name, int ret)
{
	return finish(ctx, ret);
}

#elif defined(TB_USE_KPROBE) && defined(TB_UNLINKAT_USER)
/* long do_unlinkat(int dfd, const char __user *pathname), before 4.16 */
int on_unlink_entry(struct pt_regs *ctx, int dfd, const char *pathname)
{
	struct unlinksnoop_event *e = begin();

	if (e)
		bpf_probe_read_user_str(e->filename, sizeof(e->filename), pathname);
	return 0;
}

int on_unlink_return(struct pt_regs *ctx)
{
	return finish(ctx, PT_REGS_RC(ctx));
}

#elif defined(TB_USE_KPROBE)
/* BCC maps the arguments after ctx to the calling convention's registers */
int on_unlink_entry(struct pt_regs *ctx, int dfd, struct filename *name)
{
	return enter_kernel(name);
}

int on_unlink_return(struct pt_regs *ctx)
{
	return finish(ctx, PT_REGS_RC(ctx));
}

#else /* syscall tracepoints: the path is still in the caller's memory */
static __always_inline int enter_user(const char *pathname)
{
	struct unlinksnoop_event *e = begin();

	if (e)
		bpf_probe_read_user_str(e->filename, sizeof(e->filename), pathname);
	return 0;
}

TRACEPOINT_PROBE(syscalls, sys_enter_unlink)
{
	return enter_user(args->pathname);
}

TRACEPOINT_PROBE(syscalls, sys_exit_unlink)
{
	return finish(args, args->ret);
}

TRACEPOINT_PROBE(syscalls, sys_enter_unlinkat)
{
	/* unlinkat(AT_REMOVEDIR) is rmdir: the kernel calls do_rmdir, not do_unlinkat */
	if (args->flag & AT_REMOVEDIR)
		return 0;
	return enter_user(args->pathname);
}

TRACEPOINT_PROBE(syscalls, sys_exit_unlinkat)
{
	return finish(args, args->ret);
}
#endif
