/* BPF side of the file system tools (ext4slower, and the others on the same probes): a
 * kprobe at the entry and a kretprobe at the return of a file system's read, write, open and
 * fsync functions (loader/tool/tb_fs.h attaches the ones of the file system asked for). The
 * entry keeps the time, the file and its position per thread; the return hands them to
 * tb_fs_done(), which the including program defines after this header. Inlined into each
 * program's embedded source at build time.
 * Options: TARG_PID (one process), TB_FS_FOPS (the file system's file_operations address:
 * its reads go through the kernel's generic function, which every file system shares). */
#ifndef TB_BPF_FS_H
#define TB_BPF_FS_H

struct tb_fs_start {
	u64 ts;
	u64 offset;
	struct file *fp;
};

/* per thread and operation: a write to a file opened O_SYNC calls the file system's fsync
 * inside it (generic_write_sync), and with a thread's key alone the fsync's entry would
 * overwrite the write's, whose return would then find nothing (BCC's xfsslower has keyed by
 * operation too since May 2025; its ext4slower and the dist tools lose such writes) */
struct tb_fs_key {
	u32 tid;
	u32 op;
};

/* an entry whose return is never seen (the tool stopped in between) is overwritten by the
 * thread's next call, so the table stays as small as the threads in flight */
BPF_HASH(tb_fs_starts, struct tb_fs_key, struct tb_fs_start, 10240);

/* the including program's: what to do with one finished call */
static __always_inline void tb_fs_done(struct pt_regs *ctx, u32 op, s64 ret,
				       const struct tb_fs_start *s, u64 now);

static __always_inline int tb_fs_entry(u32 op, struct file *fp, u64 offset)
{
	u64 id = bpf_get_current_pid_tgid();
	struct tb_fs_key key;
	struct tb_fs_start s;

#ifdef TARG_PID
	if ((id >> 32) != TARG_PID)
		return 0;
#endif
	if (!fp)
		return 0;
	/* zeroed whole and made on the stack: 4.14's verifier creates hash entries from
	 * stack memory only, with every byte written */
	__builtin_memset(&key, 0, sizeof(key));
	key.tid = (u32)id;
	key.op = op;
	__builtin_memset(&s, 0, sizeof(s));
	s.ts = bpf_ktime_get_ns();
	s.offset = offset;
	s.fp = fp;
	tb_fs_starts.update(&key, &s);
	return 0;
}

static __always_inline int tb_fs_return(struct pt_regs *ctx, u32 op, s64 ret)
{
	struct tb_fs_key key;
	struct tb_fs_start *s;

	__builtin_memset(&key, 0, sizeof(key));
	key.tid = (u32)bpf_get_current_pid_tgid();
	key.op = op;
	s = tb_fs_starts.lookup(&key);
	if (!s)
		return 0;
	tb_fs_done(ctx, op, ret, s, bpf_ktime_get_ns());
	tb_fs_starts.delete(&key);
	return 0;
}

/* ssize_t read_iter(struct kiocb *iocb, struct iov_iter *to), and write_iter alike */
static __always_inline int tb_fs_iter_entry(u32 op, struct kiocb *iocb)
{
	struct file *fp = NULL;
	long long pos = 0;

	bpf_probe_read_kernel(&fp, sizeof(fp), &iocb->ki_filp);
	bpf_probe_read_kernel(&pos, sizeof(pos), &iocb->ki_pos);
	return tb_fs_entry(op, fp, pos);
}

int tb_fs_read_entry(struct pt_regs *ctx, struct kiocb *iocb)
{
#ifdef TB_FS_FOPS
	struct file *fp = NULL;
	const void *fops = NULL;

	bpf_probe_read_kernel(&fp, sizeof(fp), &iocb->ki_filp);
	if (!fp)
		return 0;
	bpf_probe_read_kernel(&fops, sizeof(fops), &fp->f_op);
	if ((u64)fops != TB_FS_FOPS)
		return 0;
#endif
	return tb_fs_iter_entry(TB_FS_READ, iocb);
}

int tb_fs_write_entry(struct pt_regs *ctx, struct kiocb *iocb)
{
	return tb_fs_iter_entry(TB_FS_WRITE, iocb);
}

/* int open(struct inode *inode, struct file *file) */
int tb_fs_open_entry(struct pt_regs *ctx, struct inode *inode, struct file *file)
{
	return tb_fs_entry(TB_FS_OPEN, file, 0);
}

/* int fsync(struct file *file, loff_t start, loff_t end, int datasync) */
int tb_fs_fsync_entry(struct pt_regs *ctx, struct file *file)
{
	return tb_fs_entry(TB_FS_FSYNC, file, 0);
}

/* open and fsync return an int: the upper half of the register is not theirs */
int tb_fs_read_return(struct pt_regs *ctx)
{
	return tb_fs_return(ctx, TB_FS_READ, (s64)PT_REGS_RC(ctx));
}

int tb_fs_write_return(struct pt_regs *ctx)
{
	return tb_fs_return(ctx, TB_FS_WRITE, (s64)PT_REGS_RC(ctx));
}

int tb_fs_open_return(struct pt_regs *ctx)
{
	return tb_fs_return(ctx, TB_FS_OPEN, (int)PT_REGS_RC(ctx));
}

int tb_fs_fsync_return(struct pt_regs *ctx)
{
	return tb_fs_return(ctx, TB_FS_FSYNC, (int)PT_REGS_RC(ctx));
}

#endif
