/* opensnoop: traces open(), openat() and openat2() through the syscalls tracepoints. Entry
 * records the path pointer, flags and mode per thread; exit reads the path (the kernel has
 * just read it, so its page is present) and sends one event with the result, as BCC's
 * opensnoop does with kprobes. */
#include <uapi/linux/ptrace.h>
#include <linux/fcntl.h>
#include <linux/sched.h>
#ifdef FULLPATH
#include <linux/fs_struct.h>
#include <linux/dcache.h>
#include <linux/fs.h>
#include <linux/mount.h>
#define TB_WANT_FILE_OF_FD /* start_dir */
#endif
#include "tb_bpf.h"
#include "tb_bpf_container.h"
#include "opensnoop.h"

/* Options from the frontend, as -D flags: TARG_PID, TARG_TID, TARG_UID, FLAGS_MASK,
 * FAILED_ONLY, FULLPATH; HAVE_OPEN and HAVE_OPENAT2 when this kernel has those tracepoints. */

#ifndef O_CREAT
#define O_CREAT 00000100
#endif
/* BTF-made headers keep O_TMPFILE but not the __O_TMPFILE it is made of */
#ifndef __O_TMPFILE
#define __O_TMPFILE 020000000
#endif
#ifndef O_TMPFILE
#define O_TMPFILE (__O_TMPFILE | 00200000)
#endif

#ifndef AT_FDCWD
#define AT_FDCWD -100
#endif

#if defined(FULLPATH) && !defined(_TB_VMLINUX_H)
/* fs/mount.h is private to the kernel: its first fields, which have not moved since 3.3.
 * Headers made from BTF declare the whole struct already. */
struct mount {
	struct hlist_node mnt_hash;
	struct mount *mnt_parent;
	struct dentry *mnt_mountpoint;
	struct vfsmount mnt;
};
#endif

struct opensnoop_start {
	u64 fname; /* user pointer */
	s32 flags;
	u32 mode;
	s32 dfd;   /* the directory a relative path starts from (-F) */
};

BPF_HASH(starts, u32, struct opensnoop_start, 10240); /* by thread: entry to exit */
BPF_PERCPU_ARRAY(scratch, struct opensnoop_full_event, 1); /* 8 KB: too big for the stack */
BPF_PERF_OUTPUT(events);

static __always_inline int on_open_enter(int dfd, const char *filename, int flags, u32 mode)
{
	u64 id = bpf_get_current_pid_tgid();
	u32 tid = (u32)id;
	struct opensnoop_start s = {};

	if (tb_pid_tid_skip(id))
		return 0;
#ifdef TARG_UID
	if ((u32)bpf_get_current_uid_gid() != TARG_UID)
		return 0;
#endif
	if (tb_container_skip())
		return 0;
#ifdef FLAGS_MASK
	if (!(flags & FLAGS_MASK))
		return 0;
#endif
	s.fname = (u64)filename;
	s.flags = flags;
	s.mode = mode;
	s.dfd = dfd;
	starts.update(&tid, &s);
	return 0;
}

#ifdef FULLPATH
/* The directory a relative path starts from: the working directory for AT_FDCWD, else the
 * directory dfd refers to (BCC always takes the working directory). Read at the syscall's
 * exit, while dfd is still open. */
static __always_inline struct path *start_dir(int dfd)
{
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	struct fs_struct *fs = NULL;
	struct file *file;

	if (dfd == AT_FDCWD) {
		bpf_probe_read_kernel(&fs, sizeof(fs), &task->fs);
		return fs ? &fs->pwd : NULL;
	}
	if (dfd < 0)
		return NULL;
	file = tb_file_of_fd(dfd);
	return file ? &file->f_path : NULL;
}

/* The start directory's names, innermost first, crossing mount points up to the root.
 * Returns how many were read (0: unknown, the path stays relative). */
static __always_inline u32 read_dir(struct opensnoop_full_event *f, int dfd)
{
	struct path *start = start_dir(dfd);
	struct dentry *dentry = NULL, *parent, *mnt_root;
	struct vfsmount *vfsmnt = NULL;
	struct mount *mnt, *mnt_parent;
	struct qstr d_name;
	u32 depth = 0;
	long n;

	if (!start)
		return 0;
	bpf_probe_read_kernel(&dentry, sizeof(dentry), &start->dentry);
	bpf_probe_read_kernel(&vfsmnt, sizeof(vfsmnt), &start->mnt);
	if (!dentry || !vfsmnt)
		return 0;
	mnt = TB_CONTAINER_OF(vfsmnt, struct mount, mnt);
#pragma unroll
	for (int i = 0; i < TB_OPENSNOOP_MAX_DEPTH; i++) {
		bpf_probe_read_kernel(&d_name, sizeof(d_name), &dentry->d_name);
		n = bpf_probe_read_kernel_str(f->parts[i], TB_OPENSNOOP_PART_LEN, d_name.name);
		if (n <= 0)
			break;
		depth = i + 1;
		bpf_probe_read_kernel(&mnt_root, sizeof(mnt_root), &vfsmnt->mnt_root);
		bpf_probe_read_kernel(&parent, sizeof(parent), &dentry->d_parent);
		if (dentry == parent || dentry == mnt_root) {
			bpf_probe_read_kernel(&mnt_parent, sizeof(mnt_parent), &mnt->mnt_parent);
			if (mnt == mnt_parent)
				break; /* the root of everything */
			/* continue above the mount point, in the parent mount */
			bpf_probe_read_kernel(&dentry, sizeof(dentry), &mnt->mnt_mountpoint);
			mnt = mnt_parent;
			vfsmnt = &mnt->mnt;
			continue;
		}
		dentry = parent;
	}
	return depth;
}
#endif

static __always_inline int on_open_exit(void *ctx, long ret)
{
	u64 id = bpf_get_current_pid_tgid();
	u32 tid = (u32)id, zero = 0;
	struct opensnoop_start *s = starts.lookup(&tid);
	struct opensnoop_full_event *f;
	u64 size = sizeof(struct opensnoop_event);
	u32 depth;

	if (!s)
		return 0;
#ifdef FAILED_ONLY
	if (ret >= 0)
		goto cleanup;
#endif
	f = scratch.lookup(&zero);
	if (!f)
		goto cleanup;
	f->e.ts = bpf_ktime_get_ns();
	f->e.pid = id >> 32;
	f->e.tid = tid;
	f->e.uid = (u32)bpf_get_current_uid_gid();
	f->e.ret = ret;
	f->e.flags = s->flags;
	f->e.mode = s->mode;
	f->e.depth = 0;
	bpf_get_current_comm(&f->e.comm, sizeof(f->e.comm));
	if (bpf_probe_read_user_str(f->e.name, sizeof(f->e.name), (void *)s->fname) <= 0)
		f->e.name[0] = 0;
#ifdef FULLPATH
	if (f->e.name[0] != '/') {
		/* the depth stays in a register: the verifier must see the size's bound */
		depth = read_dir(f, s->dfd);
		f->e.depth = depth;
		size += (u64)depth * TB_OPENSNOOP_PART_LEN;
	}
#endif
	if (size <= sizeof(*f))
		tb_count_lost(events.perf_submit(ctx, f, size));
cleanup:
	starts.delete(&tid);
	return 0;
}

#ifdef HAVE_OPEN
TRACEPOINT_PROBE(syscalls, sys_enter_open)
{
	return on_open_enter(AT_FDCWD, args->filename, args->flags, args->mode);
}

TRACEPOINT_PROBE(syscalls, sys_exit_open)
{
	return on_open_exit(args, args->ret);
}
#endif

TRACEPOINT_PROBE(syscalls, sys_enter_openat)
{
	return on_open_enter(args->dfd, args->filename, args->flags, args->mode);
}

TRACEPOINT_PROBE(syscalls, sys_exit_openat)
{
	return on_open_exit(args, args->ret);
}

#ifdef HAVE_OPENAT2
/* flags and mode are in a struct open_how in user memory; its first two fields are u64s */
TRACEPOINT_PROBE(syscalls, sys_enter_openat2)
{
	u64 how[2] = {};
	u32 mode = 0;

	bpf_probe_read_user(how, sizeof(how), args->how);
	if ((how[0] & O_CREAT) || (how[0] & O_TMPFILE) == O_TMPFILE)
		mode = how[1];
	return on_open_enter(args->dfd, args->filename, (int)how[0], mode);
}

TRACEPOINT_PROBE(syscalls, sys_exit_openat2)
{
	return on_open_exit(args, args->ret);
}
#endif
