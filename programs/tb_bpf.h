/* The BPF side's compatibility layer, one place for every kernel difference the tools meet.
 * Inlined into each program's embedded source at build time. It reads only facts the loader
 * probed on the target (loader/kernel/facts.c: BTF, the kernel headers, tiny program loads; cached per
 * kernel build) and passed as -D flags; nothing here compares version numbers. A program asks
 * TB_TASK_STATE_PTR(t), never spells __state itself. */
#ifndef TB_BPF_H
#define TB_BPF_H

/* bpf_probe_read_{user,kernel}{,_str} arrived in 5.5 (TB_HAVE_PROBE_READ_USER); older kernels
 * read either kind of memory with the generic helpers. */
#ifndef TB_HAVE_PROBE_READ_USER
#define bpf_probe_read_user bpf_probe_read
#define bpf_probe_read_user_str bpf_probe_read_str
#define bpf_probe_read_kernel bpf_probe_read
#define bpf_probe_read_kernel_str bpf_probe_read_str
#endif

/* task_struct's run state is "__state" since 5.14 (and where backported), "state" before:
 * TB_TASK_STATE_FIELD comes from the kernel's BTF or its headers. Read it as 4 bytes: the old
 * member is a long, and its low half on x86 holds the same value. */
#ifndef TB_TASK_STATE_FIELD
#define TB_TASK_STATE_FIELD __state
#endif
#define TB_TASK_STATE_PTR(t) ((void *)&(t)->TB_TASK_STATE_FIELD)

/* Function signatures that changed, for kprobe variants: TB_UNLINKAT_USER when do_unlinkat()
 * takes the caller's const char __user * (before 4.16), TB_UNLINKAT_FILENAME when it takes a
 * struct filename * (from BTF, the headers' declaration, or a kprobe that watched the loader
 * call it). TB_CAP_OPTS when cap_capable()'s fourth argument is unsigned int opts (5.1, and
 * backports: 4.19.222), TB_CAP_AUDIT when it is int audit (from the headers' declaration in
 * linux/security.h, or BTF's parameter name). TB_VFS_IDMAP when vfs_create() and vfs_unlink()
 * take an idmapping first (a struct user_namespace * since 5.12, a struct mnt_idmap * since
 * 6.3: the directory and dentry come one argument later), from linux/fs.h's declaration or
 * BTF. TB_TTY_WRITE_ITER when tty_write() takes (struct kiocb *, struct iov_iter *) (tty's
 * write_iter, 5.11 and 5.10.11's backport), TB_TTY_WRITE_USER when it takes (struct file *,
 * const char __user *, size_t, loff_t *): from BTF, else a kprobe that watched the loader
 * write to a pty (no header declares the static function). */

/* struct iov_iter (ttysnoop's tty_write): its kind is u8 iter_type next to bool data_source
 * since 5.14 (TB_IOV_ITER_HAS_ITER_TYPE), before both are one unsigned int type, the kind with the
 * direction's bit (WRITE: the data is the iterator's source); ITER_UBUF, one user buffer in
 * ubuf, since 6.0 (TB_IOV_ITER_HAS_UBUF); tcpconnect -d reads udp_recvmsg's msghdr by the same
 * facts (tb_msg_user_buf, tb_bpf_net.h). TB_ITER_USER_SOURCE(it): it is a
 * struct iov_iter copied to the stack; whether it is an ITER_IOVEC or ITER_UBUF source of data,
 * that is a write() or writev() of user memory. The first segment of an ITER_IOVEC is read
 * through kvec, which shares the union with iov (__iov since 6.4) and has the same layout,
 * so no spelling of iov is needed. WRITE is a macro a BTF-made tree lacks. */
#define TB_ITER_WRITE 1
#ifdef TB_IOV_ITER_HAS_ITER_TYPE
#ifdef TB_IOV_ITER_HAS_UBUF
#define TB_ITER_IS_UBUF(it) ((it).iter_type == ITER_UBUF)
#else
#define TB_ITER_IS_UBUF(it) 0
#endif
#define TB_ITER_USER_SOURCE(it) \
	((it).data_source == TB_ITER_WRITE && ((it).iter_type == ITER_IOVEC || TB_ITER_IS_UBUF(it)))
#else
#define TB_ITER_IS_UBUF(it) 0
#define TB_ITER_USER_SOURCE(it) ((it).type == (ITER_IOVEC | TB_ITER_WRITE))
#endif

/* A probe on a tracepoint that some kernels lack goes inside "#ifdef TB_TP_<category>__<event>"
 * (for example TB_TP_syscalls__sys_enter_openat2): the loader defines each such name it finds
 * in the source when the tracepoint exists, since libbcc cannot compile a TRACEPOINT_PROBE
 * whose format file is missing. The frontend attaches it only where it exists. */

/* container_of without the kernel's type check: 4.19's headers spell it with a
 * compiletime_assert that clang refuses in a BPF program ("opensnoop -F" failed to compile) */
#define TB_CONTAINER_OF(ptr, type, member) \
	((type *)((char *)(ptr) - __builtin_offsetof(type, member)))

/* Before 5.2 every program has at most 4,096 instructions (TB_MAX_INSNS): tools size their
 * unrolled loops by it. */
#ifndef TB_MAX_INSNS
#define TB_MAX_INSNS 4096
#endif

/* Every event a probe tries to send is printed or counted: a perf_submit that fails (the
 * ring is full) is counted here, per CPU, and the loader reads the total while it runs and at
 * exit, exact even when the tool stops before the kernel's own LOST records arrive. A program
 * wraps each submit: tb_count_lost(events.perf_submit(ctx, &e, sizeof(e))). */
BPF_PERCPU_ARRAY(tb_lost, u64, 1);

static __always_inline void tb_count_lost(int ret)
{
	u32 zero = 0;
	u64 *n;

	if (ret >= 0)
		return;
	n = tb_lost.lookup(&zero);
	if (n)
		(*n)++;
}

/* A struct sock's protocol (IPPROTO_*): a u16 member since 5.6; before, 8 bits of the 32-bit
 * word that starts at the empty member __sk_flags_offset (TB_SK_PROTO_IN_FLAGS, from BTF or
 * the headers; the headers' own SK_FL_PROTO_SHIFT is missing from a BTF-made tree).
 * TB_SK_PROTOCOL(sk): sk is a struct sock *; explicit reads (BCC does not rewrite macros). */
#ifdef TB_SK_PROTO_IN_FLAGS
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define TB_SK_PROTO_SHIFT 8
#else
#define TB_SK_PROTO_SHIFT 16
#endif
#define TB_SK_PROTOCOL(sk)                                                      \
	({                                                                      \
		u32 tb_w_ = 0;                                                  \
		bpf_probe_read_kernel(&tb_w_, sizeof(tb_w_), (void *)(sk)->__sk_flags_offset); \
		(u16)((tb_w_ >> TB_SK_PROTO_SHIFT) & 0xff);                     \
	})
#else
#define TB_SK_PROTOCOL(sk)                                                      \
	({                                                                      \
		u16 tb_p_ = 0;                                                  \
		bpf_probe_read_kernel(&tb_p_, sizeof(tb_p_), &(sk)->sk_protocol); \
		tb_p_;                                                          \
	})
#endif

/* An inet_sock's IP_FREEBIND, IP_TRANSPARENT and IP_BIND_ADDRESS_NO_PORT as bits 0, 1, 2
 * (BCC's bindsnoop order): bits of the word inet_flags since 6.6 (TB_INET_FLAGS; the bit
 * numbers are the kernel's enum, in its headers and BTF alike); before, bit-fields in the
 * two bytes before rcv_tos (4.14 to 6.5 alike: freebind and transparent bits 2 and 5 of the
 * first, bind_address_no_port bit 0 of the second, counted from the low end on little-endian
 * machines). TB_INET_OPTS(inet): inet is a struct inet_sock *. */
#ifdef TB_INET_FLAGS
#define TB_INET_OPTS(inet)                                                      \
	({                                                                      \
		unsigned long tb_f_ = 0;                                        \
		bpf_probe_read_kernel(&tb_f_, sizeof(tb_f_), &(inet)->inet_flags); \
		(u8)(((tb_f_ >> INET_FLAGS_FREEBIND) & 1) |                     \
		     (((tb_f_ >> INET_FLAGS_TRANSPARENT) & 1) << 1) |           \
		     (((tb_f_ >> INET_FLAGS_BIND_ADDRESS_NO_PORT) & 1) << 2));  \
	})
#else
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define TB_INET_BIT(b) (b)
#else
#define TB_INET_BIT(b) (7 - (b))
#endif
#define TB_INET_OPTS(inet)                                                      \
	({                                                                      \
		u8 tb_b_[2] = {};                                               \
		bpf_probe_read_kernel(tb_b_, sizeof(tb_b_), (u8 *)&(inet)->rcv_tos - 2); \
		(u8)(((tb_b_[0] >> TB_INET_BIT(2)) & 1) |                       \
		     (((tb_b_[0] >> TB_INET_BIT(5)) & 1) << 1) |                \
		     (((tb_b_[1] >> TB_INET_BIT(0)) & 1) << 2));                \
	})
#endif

/* The calling task's open file fd, or NULL: current->files->fdt->fd[fd], read as it is at
 * that moment (a syscall tracepoint gives a call's fd, not what it names). A program that
 * uses it defines TB_WANT_FILE_OF_FD before including this file. */
#ifdef TB_WANT_FILE_OF_FD
#include <linux/fdtable.h>

static __always_inline struct file *tb_file_of_fd(u32 fd)
{
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	struct files_struct *files = NULL;
	struct fdtable *fdt = NULL;
	struct file **fds = NULL;
	struct file *file = NULL;
	unsigned int max_fds = 0;

	bpf_probe_read_kernel(&files, sizeof(files), &task->files);
	if (!files)
		return NULL;
	bpf_probe_read_kernel(&fdt, sizeof(fdt), &files->fdt);
	if (!fdt)
		return NULL;
	bpf_probe_read_kernel(&max_fds, sizeof(max_fds), &fdt->max_fds);
	if (fd >= max_fds)
		return NULL;
	bpf_probe_read_kernel(&fds, sizeof(fds), &fdt->fd);
	if (!fds)
		return NULL;
	bpf_probe_read_kernel(&file, sizeof(file), &fds[fd]);
	return file;
}
#endif
/* BCC's -p PID and -t TID of the snoop tools, as the frontend's tb_cflags_pid_tid gives them
 * (-DTARG_TID, else -DTARG_PID): whether the task of id (bpf_get_current_pid_tgid()) is left
 * out. No flag: none is. */
static __always_inline int tb_pid_tid_skip(u64 id)
{
#if defined(TARG_TID)
	return (u32)id != TARG_TID;
#elif defined(TARG_PID)
	return (u32)(id >> 32) != TARG_PID;
#else
	return 0;
#endif
}

/* A task's mount namespace id, as /proc/PID/ns/mnt shows it: task->nsproxy->mnt_ns->ns.inum.
 * A program that asks defines TB_WANT_MNT_NS before including this file. struct mnt_namespace
 * is private to fs/mount.h: BTF-made headers declare it, the kernel's own headers do not, and
 * its first member moved in 5.11 (an atomic_t count before struct ns_common ns went away).
 * With the headers, both places are tried, each told by its ns.ops pointing at operations of
 * type CLONE_NEWNS (the mount namespace's proc_ns_operations): read from the kernel at run
 * time, so a backport cannot fool it and no version is compared. 0 when unreadable. */
#ifdef TB_WANT_MNT_NS
#include <linux/nsproxy.h>
#include <linux/ns_common.h>
#include <linux/proc_ns.h>
#ifndef CLONE_NEWNS
#define CLONE_NEWNS 0x00020000
#endif
#ifndef _TB_VMLINUX_H
struct tb_mnt_namespace_counted { /* before 5.11 */
	atomic_t count;
	struct ns_common ns;
};

/* ns's inode number if it is a mount namespace's, else 0 */
static __always_inline u32 tb_mnt_ns_of(struct ns_common *ns)
{
	const struct proc_ns_operations *ops = NULL;
	int type = 0;
	u32 inum = 0;

	bpf_probe_read_kernel(&ops, sizeof(ops), &ns->ops);
	if (!ops)
		return 0;
	bpf_probe_read_kernel(&type, sizeof(type), &ops->type);
	if (type != CLONE_NEWNS)
		return 0;
	bpf_probe_read_kernel(&inum, sizeof(inum), &ns->inum);
	return inum;
}
#endif

static __always_inline u32 tb_mnt_ns_inum(struct task_struct *task)
{
	struct nsproxy *nsproxy = NULL;
	struct mnt_namespace *mnt_ns = NULL;
	u32 inum = 0;

	bpf_probe_read_kernel(&nsproxy, sizeof(nsproxy), &task->nsproxy);
	if (!nsproxy)
		return 0;
	bpf_probe_read_kernel(&mnt_ns, sizeof(mnt_ns), &nsproxy->mnt_ns);
	if (!mnt_ns)
		return 0;
#ifdef _TB_VMLINUX_H
	bpf_probe_read_kernel(&inum, sizeof(inum), &mnt_ns->ns.inum);
#else
	inum = tb_mnt_ns_of((struct ns_common *)mnt_ns);
	if (!inum)
		inum = tb_mnt_ns_of(&((struct tb_mnt_namespace_counted *)mnt_ns)->ns);
#endif
	return inum;
}
#endif

/* The number of entities queued on a task's CFS run queue, the running one included:
 * task->se.cfs_rq->nr_running (nr_queued since 6.14: TB_CFS_RQ_NR_QUEUED, from BTF), as BCC's
 * runqlen reads it. A program that asks defines TB_WANT_CFS_RQ before including this file.
 * struct cfs_rq is private to kernel/sched/sched.h: BTF-made headers declare it; with the
 * kernel's own headers a stand-in gives the count's place, after struct load_weight and, on
 * kernels whose cfs_rq has it (TB_CFS_RQ_RUNNABLE_WEIGHT: 4.15 to 5.6), an unsigned long
 * runnable_weight: offset 16 on 4.14 and 6.1, 24 on 4.19 and 5.4 (x86-64). se.cfs_rq exists
 * with CONFIG_FAIR_GROUP_SCHED (every distribution's kernel), as BCC's tool needs. */
#ifdef TB_WANT_CFS_RQ
#ifdef _TB_VMLINUX_H
#ifdef TB_CFS_RQ_NR_QUEUED
#define TB_CFS_RQ_COUNT nr_queued
#else
#define TB_CFS_RQ_COUNT nr_running
#endif
#define tb_cfs_rq_head cfs_rq
#else
#define TB_CFS_RQ_COUNT nr_running
struct tb_cfs_rq_head {
	struct load_weight load;
#ifdef TB_CFS_RQ_RUNNABLE_WEIGHT
	unsigned long runnable_weight;
#endif
	unsigned int nr_running;
};
#endif

static __always_inline u32 tb_cfs_rq_nr_running(struct task_struct *task)
{
	struct tb_cfs_rq_head *q = NULL;
	unsigned int n = 0;

	bpf_probe_read_kernel(&q, sizeof(q), &task->se.cfs_rq);
	if (q)
		bpf_probe_read_kernel(&n, sizeof(n), &q->TB_CFS_RQ_COUNT);
	return n;
}
#endif

#endif
