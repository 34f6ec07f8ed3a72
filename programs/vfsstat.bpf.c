/* vfsstat: calls of five VFS functions counted (vfs_read, vfs_write, vfs_fsync_range, vfs_open,
 * vfs_create), at entry, by fentry (TB_USE_FENTRY) or kprobes (TB_USE_KPROBE): no tracepoint
 * stands in for them (the syscalls miss the kernel's own callers: sendfile, nfsd, overlayfs). */
#include <uapi/linux/ptrace.h>
#include "tb_bpf.h"
#include "vfsstat.h"

/* Options from the frontend, as -D flags: TARG_PID, and the attach method. */

/* Running totals, never cleared: the frontend prints their growth each interval, so no call
 * falls between reading and clearing. Per CPU: vfs_read is hot, and a shared counter would
 * bounce its cache line between CPUs on every call. */
BPF_PERCPU_ARRAY(stats, u64, TB_VFSSTAT_NSTATS);

static __always_inline int count(u32 slot)
{
	u64 *n;

#ifdef TARG_PID
	if ((bpf_get_current_pid_tgid() >> 32) != TARG_PID)
		return 0;
#endif
	n = stats.lookup(&slot);
	if (n)
		(*n)++;
	return 0;
}

#if defined(TB_USE_FENTRY)
/* no arguments read: the function's name is all that is counted */
KFUNC_PROBE(vfs_read)
{
	return count(TB_VFSSTAT_READ);
}

KFUNC_PROBE(vfs_write)
{
	return count(TB_VFSSTAT_WRITE);
}

KFUNC_PROBE(vfs_fsync_range)
{
	return count(TB_VFSSTAT_FSYNC);
}

KFUNC_PROBE(vfs_open)
{
	return count(TB_VFSSTAT_OPEN);
}

KFUNC_PROBE(vfs_create)
{
	return count(TB_VFSSTAT_CREATE);
}

#else /* kprobes */
int on_read(struct pt_regs *ctx)
{
	return count(TB_VFSSTAT_READ);
}

int on_write(struct pt_regs *ctx)
{
	return count(TB_VFSSTAT_WRITE);
}

int on_fsync(struct pt_regs *ctx)
{
	return count(TB_VFSSTAT_FSYNC);
}

int on_open(struct pt_regs *ctx)
{
	return count(TB_VFSSTAT_OPEN);
}

int on_create(struct pt_regs *ctx)
{
	return count(TB_VFSSTAT_CREATE);
}
#endif
