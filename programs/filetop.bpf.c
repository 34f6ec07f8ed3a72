/* filetop: reads and writes summed per thread and file in table `counts`, read and emptied by
 * the frontend every interval: vfs_read() and vfs_write() at entry, by fentry (TB_USE_FENTRY)
 * or kprobes (TB_USE_KPROBE), which both see the struct file and the size asked for. */
#include <uapi/linux/ptrace.h>
#include <linux/fs.h>
#include <linux/dcache.h>
#include <linux/sched.h>
#include "tb_bpf.h"
#include "tb_bpf_vfs.h"
#include "filetop.h"

/* Options from the frontend, as -D flags: TARG_PID (-p, a process), ALL_FILES (-a:
 * tb_bpf_vfs.h). */

BPF_HASH(counts, struct filetop_key, struct filetop_val, TB_FILETOP_MAX_ENTRIES);

static __always_inline int count_io(struct file *file, u64 bytes, int is_read)
{
	u64 id = bpf_get_current_pid_tgid();
	struct filetop_val zero = {}, *val;
	struct super_block *sb = NULL;
	struct tb_vfs_file f;
	struct filetop_key key;

#ifdef TARG_PID
	if ((id >> 32) != TARG_PID)
		return 0;
#endif
	if (!tb_vfs_file_read(file, &f))
		return 0;
	/* the key is built on the stack and zeroed whole: before 4.16 a map value cannot be a
	 * map helper's key, and padding takes part in the hash */
	__builtin_memset(&key, 0, sizeof(key));
	key.tid = (u32)id;
	bpf_probe_read_kernel(&key.inode, sizeof(key.inode), &f.inode->i_ino);
	bpf_probe_read_kernel(&sb, sizeof(sb), &f.inode->i_sb);
	bpf_probe_read_kernel(&key.dev, sizeof(key.dev), &sb->s_dev);
	bpf_probe_read_kernel(&key.rdev, sizeof(key.rdev), &f.inode->i_rdev);
	bpf_get_current_comm(&key.comm, sizeof(key.comm));
	key.name_len = f.name.len;
	TB_VFS_NAME_READ(key.name, &f);
	if ((f.mode & S_IFMT) == S_IFREG)
		key.type = 'R';
	else if ((f.mode & S_IFMT) == S_IFSOCK)
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
