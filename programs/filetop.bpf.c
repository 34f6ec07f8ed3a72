/* filetop: reads and writes summed per thread and file in table `counts`, read and emptied by
 * the frontend every interval: vfs_read() and vfs_write() at entry, by fentry (TB_USE_FENTRY)
 * or kprobes (TB_USE_KPROBE), which both see the struct file and the size asked for. */
#include <uapi/linux/ptrace.h>
#include <linux/fs.h>
#include <linux/dcache.h>
#include <linux/sched.h>
#include "tb_bpf.h"
#include "filetop.h"

/* Options from the frontend, as -D flags: TARG_PID (-p, a process), ALL_FILES (-a). */
/* the file type bits (uapi stat.h; a BTF-made header tree has no macros) */
#ifndef S_IFMT
#define S_IFMT 00170000
#endif
#ifndef S_IFREG
#define S_IFREG 0100000
#endif
#ifndef S_IFSOCK
#define S_IFSOCK 0140000
#endif

BPF_HASH(counts, struct filetop_key, struct filetop_val, TB_FILETOP_MAX_ENTRIES);

static __always_inline int count_io(struct file *file, u64 bytes, int is_read)
{
	u64 id = bpf_get_current_pid_tgid();
	struct filetop_val zero = {}, *val;
	struct dentry *de = NULL;
	struct inode *inode = NULL;
	struct super_block *sb = NULL;
	struct qstr d_name = {};
	struct filetop_key key;
	umode_t mode = 0;

#ifdef TARG_PID
	if ((id >> 32) != TARG_PID)
		return 0;
#endif
	bpf_probe_read_kernel(&de, sizeof(de), &file->f_path.dentry);
	bpf_probe_read_kernel(&inode, sizeof(inode), &file->f_inode);
	bpf_probe_read_kernel(&mode, sizeof(mode), &inode->i_mode);
	bpf_probe_read_kernel(&d_name, sizeof(d_name), &de->d_name);
	/* I/O with no name (anonymous pipes' and the like's) is left out, as BCC does */
	if (d_name.len == 0)
		return 0;
#ifndef ALL_FILES
	if ((mode & S_IFMT) != S_IFREG)
		return 0;
#endif
	/* the key is built on the stack and zeroed whole: before 4.16 a map value cannot be a
	 * map helper's key, and padding takes part in the hash */
	__builtin_memset(&key, 0, sizeof(key));
	key.tid = (u32)id;
	bpf_probe_read_kernel(&key.inode, sizeof(key.inode), &inode->i_ino);
	bpf_probe_read_kernel(&sb, sizeof(sb), &inode->i_sb);
	bpf_probe_read_kernel(&key.dev, sizeof(key.dev), &sb->s_dev);
	bpf_probe_read_kernel(&key.rdev, sizeof(key.rdev), &inode->i_rdev);
	bpf_get_current_comm(&key.comm, sizeof(key.comm));
	key.name_len = d_name.len;
	/* 32 bytes always lie inside the name: a shorter one is in the dentry's inline array
	 * (at least 32 bytes), a longer one in an allocation of its length */
	bpf_probe_read_kernel(&key.name, sizeof(key.name), d_name.name);
	if ((mode & S_IFMT) == S_IFREG)
		key.type = 'R';
	else if ((mode & S_IFMT) == S_IFSOCK)
		key.type = 'S';
	else
		key.type = 'O';
	val = counts.lookup_or_try_init(&key, &zero);
	if (!val)
		return 0; /* table full: the frontend says so at the interval's end */
	/* a key is one thread's, and a probe runs with preemption off: no other CPU adds to it */
	if (is_read) {
		val->reads++;
		val->rbytes += bytes;
	} else {
		val->writes++;
		val->wbytes += bytes;
	}
	return 0;
}

#if defined(TB_USE_FENTRY)
KFUNC_PROBE(vfs_read, struct file *file, char *buf, size_t count)
{
	return count_io(file, count, 1);
}

KFUNC_PROBE(vfs_write, struct file *file, const char *buf, size_t count)
{
	return count_io(file, count, 0);
}

#else /* kprobes: BCC maps the arguments after ctx to the calling convention's registers */
int on_read(struct pt_regs *ctx, struct file *file, char *buf, size_t count)
{
	return count_io(file, count, 1);
}

int on_write(struct pt_regs *ctx, struct file *file, const char *buf, size_t count)
{
	return count_io(file, count, 0);
}
#endif
