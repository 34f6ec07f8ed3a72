/* filelife: files created and deleted while tracing, with their age: the creation time is kept
 * per dentry at vfs_create() (mknod) and security_inode_create() (every create, open(O_CREAT)
 * included), and vfs_unlink() reports and forgets it; by fentry (TB_USE_FENTRY) or kprobes
 * (TB_USE_KPROBE). vfs_create and vfs_unlink take an idmapping first since 5.12 (a struct
 * user_namespace *, a struct mnt_idmap * since 6.3): the loader's fact TB_VFS_IDMAP says so. */
#include <uapi/linux/ptrace.h>
#include <linux/fs.h>
#include <linux/dcache.h>
#include <linux/sched.h>
#include "tb_bpf.h"
#include "filelife.h"

/* Options from the frontend, as -D flags: TARG_PID (-p), and the attach method. */

/* dentry address -> creation time (ns); both made on the stack (before 4.16 a map value
 * cannot be a map helper's key or value) */
BPF_HASH(birth, u64, u64, TB_FILELIFE_MAX_FILES);
BPF_PERF_OUTPUT(events);

static __always_inline int created(struct dentry *dentry)
{
	u64 key = (u64)dentry, ts;

#ifdef TARG_PID
	if ((bpf_get_current_pid_tgid() >> 32) != TARG_PID)
		return 0;
#endif
	ts = bpf_ktime_get_ns();
	birth.update(&key, &ts); /* a later probe of the same creation re-stamps it, as BCC */
	return 0;
}

static __always_inline int unlinked(void *ctx, struct dentry *dentry)
{
	u64 id = bpf_get_current_pid_tgid(), key = (u64)dentry, *tsp;
	struct filelife_event e;
	struct qstr d_name = {};

#ifdef TARG_PID
	if ((id >> 32) != TARG_PID)
		return 0;
#endif
	tsp = birth.lookup(&key);
	if (!tsp)
		return 0; /* created before tracing, or by another process with -p */
	__builtin_memset(&e, 0, sizeof(e));
	e.age_ns = bpf_ktime_get_ns() - *tsp;
	birth.delete(&key);
	bpf_probe_read_kernel(&d_name, sizeof(d_name), &dentry->d_name);
	if (d_name.len == 0)
		return 0;
	e.pid = id >> 32;
	bpf_get_current_comm(&e.comm, sizeof(e.comm));
	/* 32 bytes always lie inside the name: a shorter one is in the dentry's inline array
	 * (at least 32 bytes), a longer one in an allocation of its length */
	bpf_probe_read_kernel(&e.name, sizeof(e.name), d_name.name);
	tb_count_lost(events.perf_submit(ctx, &e, sizeof(e)));
	return 0;
}

#if defined(TB_USE_FENTRY) && defined(TB_VFS_IDMAP)
KFUNC_PROBE(vfs_create, void *idmap, struct inode *dir, struct dentry *dentry)
{
	return created(dentry);
}

KFUNC_PROBE(vfs_unlink, void *idmap, struct inode *dir, struct dentry *dentry)
{
	return unlinked(ctx, dentry);
}

#elif defined(TB_USE_FENTRY)
KFUNC_PROBE(vfs_create, struct inode *dir, struct dentry *dentry)
{
	return created(dentry);
}

KFUNC_PROBE(vfs_unlink, struct inode *dir, struct dentry *dentry)
{
	return unlinked(ctx, dentry);
}

#elif defined(TB_VFS_IDMAP) /* kprobes: BCC maps the arguments after ctx to registers */
int on_create(struct pt_regs *ctx, void *idmap, struct inode *dir, struct dentry *dentry)
{
	return created(dentry);
}

int on_unlink(struct pt_regs *ctx, void *idmap, struct inode *dir, struct dentry *dentry)
{
	return unlinked(ctx, dentry);
}

#else
int on_create(struct pt_regs *ctx, struct inode *dir, struct dentry *dentry)
{
	return created(dentry);
}

int on_unlink(struct pt_regs *ctx, struct inode *dir, struct dentry *dentry)
{
	return unlinked(ctx, dentry);
}
#endif

/* security_inode_create(struct inode *dir, struct dentry *dentry, umode_t mode): the same on
 * every kernel, and reached by open(O_CREAT), which does not call vfs_create */
#if defined(TB_USE_FENTRY)
KFUNC_PROBE(security_inode_create, struct inode *dir, struct dentry *dentry)
{
	return created(dentry);
}
#else
int on_security_create(struct pt_regs *ctx, struct inode *dir, struct dentry *dentry)
{
	return created(dentry);
}
#endif
