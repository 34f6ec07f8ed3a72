/* ttysnoop: what is written to one tty or pts device, as BCC's ttysnoop: tty_write() on a
 * file whose inode is the device's, by fentry (TB_USE_FENTRY) or a kprobe (TB_USE_KPROBE),
 * the data copied from the writer's memory in pieces of -s bytes (TB_TTYSNOOP_DATASIZE), at
 * most -c of them (DATACOUNT) per write. tty_write's arguments are the kernel's
 * (TB_TTY_WRITE_ITER or TB_TTY_WRITE_USER), and so is struct iov_iter (tb_bpf.h). */
#include <uapi/linux/ptrace.h>
#include <linux/fs.h>
#include <linux/uio.h>
#include "tb_bpf.h"
#include "ttysnoop.h"

/* the device: its inode number and its file system's device, in the kernel's encoding */
#ifndef TTY_INO
#define TTY_INO 0
#endif
#ifndef TTY_SB_DEV
#define TTY_SB_DEV 0
#endif
#ifndef DATACOUNT
#define DATACOUNT TB_TTYSNOOP_DEFAULT_COUNT
#endif

/* larger than a BPF stack: one per CPU, as a probe does not migrate while it runs */
BPF_PERCPU_ARRAY(pieces, struct ttysnoop_event, 1);
BPF_PERF_OUTPUT(events);

/* BCC compares the inode number alone; the file system's device as well leaves out a tty on
 * another file system (devtmpfs' /dev/tty1, pts N's inode N + 3 on devpts) that shares it */
static __always_inline int is_device(struct file *file)
{
	struct inode *inode = NULL;
	struct super_block *sb = NULL;
	unsigned long ino = 0;
	u32 dev = 0;

	if (!file)
		return 0;
	bpf_probe_read_kernel(&inode, sizeof(inode), &file->f_inode);
	if (!inode)
		return 0;
	bpf_probe_read_kernel(&ino, sizeof(ino), &inode->i_ino);
	if (ino != TTY_INO)
		return 0;
	bpf_probe_read_kernel(&sb, sizeof(sb), &inode->i_sb);
	if (!sb)
		return 0;
	bpf_probe_read_kernel(&dev, sizeof(dev), &sb->s_dev);
	return dev == TTY_SB_DEV;
}

/* count bytes at buf (the writer's memory) as events of -s bytes each, BCC's way: every read
 * is of the whole piece, so a write that ends within -s bytes of unmapped memory is lost */
static __always_inline int copy_out(void *ctx, const char *buf, u64 count)
{
	u32 zero = 0;
	struct ttysnoop_event *e = pieces.lookup(&zero);

	if (!e || !buf || !count)
		return 0;
#pragma unroll
	for (int i = 0; i < DATACOUNT; i++) {
		if (bpf_probe_read_user(&e->buf, sizeof(e->buf), buf))
			return 0;
		e->count = count > sizeof(e->buf) ? sizeof(e->buf) : count;
		tb_count_lost(events.perf_submit(ctx, e, sizeof(*e)));
		if (count <= sizeof(e->buf))
			return 0;
		count -= sizeof(e->buf);
		buf += sizeof(e->buf);
	}
	return 0;
}

#ifdef TB_TTY_WRITE_USER
/* ssize_t tty_write(struct file *file, const char __user *buf, size_t count, loff_t *ppos) */
static __always_inline int on_write(void *ctx, struct file *file, const char *buf, u64 count)
{
	if (!is_device(file))
		return 0;
	return copy_out(ctx, buf, count);
}
#else
/* ssize_t tty_write(struct kiocb *iocb, struct iov_iter *from): a write() or writev() of user
 * memory (BCC's two kinds: the first segment of an iovec, or a user buffer) */
static __always_inline int on_write_iter(void *ctx, struct kiocb *iocb, struct iov_iter *from)
{
	struct file *file = NULL;
	const char *buf = NULL;
	struct iov_iter it;
	u64 count = 0;

	bpf_probe_read_kernel(&file, sizeof(file), &iocb->ki_filp);
	if (!is_device(file))
		return 0;
	__builtin_memset(&it, 0, sizeof(it));
	if (bpf_probe_read_kernel(&it, sizeof(it), from) || !TB_ITER_USER_SOURCE(it))
		return 0;
	if (TB_ITER_IS_UBUF(it)) {
#ifdef TB_IOV_ITER_HAS_UBUF
		buf = it.ubuf;
		count = it.count;
#endif
	} else {
		const struct kvec *kv = it.kvec;

		bpf_probe_read_kernel(&buf, sizeof(buf), &kv->iov_base);
		bpf_probe_read_kernel(&count, sizeof(count), &kv->iov_len);
	}
	return copy_out(ctx, buf, count);
}
#endif

#if defined(TB_USE_FENTRY)
#ifdef TB_TTY_WRITE_USER
KFUNC_PROBE(tty_write, struct file *file, const char *buf, size_t count)
{
	return on_write(ctx, file, buf, count);
}
#else
KFUNC_PROBE(tty_write, struct kiocb *iocb, struct iov_iter *from)
{
	return on_write_iter(ctx, iocb, from);
}
#endif
#else /* a kprobe */
#ifdef TB_TTY_WRITE_USER
int on_tty_write(struct pt_regs *ctx, struct file *file, const char *buf, size_t count)
{
	return on_write(ctx, file, buf, count);
}
#else
int on_tty_write(struct pt_regs *ctx, struct kiocb *iocb, struct iov_iter *from)
{
	return on_write_iter(ctx, iocb, from);
}
#endif
#endif
