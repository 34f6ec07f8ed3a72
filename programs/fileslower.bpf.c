/* fileslower: synchronous reads and writes of files slower than a threshold, one event each:
 * vfs_read() and vfs_write() at entry and at return, by fentry/fexit (TB_USE_FENTRY) or
 * kprobes/kretprobes (TB_USE_KPROBE). The entry keeps the time, the size and the file's name
 * per thread; the return sends an event if the call took longer than MIN_US.
 * Options from the frontend, as -D flags: MIN_US (none: every call), TARG_PID (-p, a
 * process), ALL_FILES (-a: tb_bpf_vfs.h). */
#include <uapi/linux/ptrace.h>
#include <linux/fs.h>
#include <linux/dcache.h>
#include <linux/sched.h>
#include "tb_bpf.h"
#include "tb_bpf_vfs.h"
#include "fileslower.h"

struct fileslower_start {
	u64 ts;
	u32 bytes;
	u32 name_len;
	char comm[TB_FILESLOWER_COMM_LEN];
	char name[TB_FILESLOWER_NAME_LEN];
};

/* an entry whose return is never seen is overwritten by the thread's next call */
BPF_HASH(starts, u32, struct fileslower_start, TB_FILESLOWER_MAX_ENTRIES);
BPF_PERF_OUTPUT(events);

static __always_inline int rw_entry(struct file *file, u64 count, int is_read)
{
	u64 id = bpf_get_current_pid_tgid();
	u32 tid = (u32)id;
	const struct file_operations *fop = NULL;
	void *iter = NULL;
	struct tb_vfs_file f;
	struct fileslower_start s;

#ifdef TARG_PID
	if ((id >> 32) != TARG_PID)
		return 0;
#endif
	/* synchronous I/O only, as BCC: a file whose operations have no read_iter (write_iter)
	 * is left out */
	bpf_probe_read_kernel(&fop, sizeof(fop), &file->f_op);
	if (!fop)
		return 0;
	if (is_read)
		bpf_probe_read_kernel(&iter, sizeof(iter), &fop->read_iter);
	else
		bpf_probe_read_kernel(&iter, sizeof(iter), &fop->write_iter);
	if (!iter)
		return 0;
	if (!tb_vfs_file_read(file, &f))
		return 0;
	/* zeroed whole and made on the stack: 4.14's verifier creates hash entries from stack
	 * memory only */
	__builtin_memset(&s, 0, sizeof(s));
	s.bytes = (u32)count;
	s.name_len = f.name.len;
	TB_VFS_NAME_READ(s.name, &f);
	bpf_get_current_comm(&s.comm, sizeof(s.comm));
	s.ts = bpf_ktime_get_ns();
	starts.update(&tid, &s);
	return 0;
}

static __always_inline int rw_return(void *ctx, u32 dir)
{
	u32 tid = (u32)bpf_get_current_pid_tgid();
	struct fileslower_start *s = starts.lookup(&tid);
	struct fileslower_event e;
	u64 now = bpf_ktime_get_ns(), delta;

	if (!s)
		return 0; /* filtered at entry, or entered before the tool attached */
	delta = now - s->ts;
#ifdef MIN_US
	/* BCC's test, in whole microseconds: a call of exactly the threshold is shown */
	if (delta / 1000 < MIN_US) {
		starts.delete(&tid);
		return 0;
	}
#endif
	__builtin_memset(&e, 0, sizeof(e));
	e.end_ns = now;
	e.delta_ns = delta;
	e.tid = tid;
	e.bytes = s->bytes;
	e.name_len = s->name_len;
	e.dir = dir;
	__builtin_memcpy(&e.comm, s->comm, sizeof(e.comm));
	__builtin_memcpy(&e.name, s->name, sizeof(e.name));
	starts.delete(&tid);
	tb_count_lost(events.perf_submit(ctx, &e, sizeof(e)));
	return 0;
}

#if defined(TB_USE_FENTRY)
KFUNC_PROBE(vfs_read, struct file *file, char *buf, size_t count)
{
	return rw_entry(file, count, 1);
}

KRETFUNC_PROBE(vfs_read, struct file *file, char *buf, size_t count, ssize_t ret)
{
	return rw_return(ctx, TB_FILESLOWER_READ);
}

KFUNC_PROBE(vfs_write, struct file *file, const char *buf, size_t count)
{
	return rw_entry(file, count, 0);
}

KRETFUNC_PROBE(vfs_write, struct file *file, const char *buf, size_t count, ssize_t ret)
{
	return rw_return(ctx, TB_FILESLOWER_WRITE);
}

#else /* kprobes: BCC maps the arguments after ctx to the calling convention's registers */
int on_read(struct pt_regs *ctx, struct file *file, char *buf, size_t count)
{
	return rw_entry(file, count, 1);
}

int on_read_ret(struct pt_regs *ctx)
{
	return rw_return(ctx, TB_FILESLOWER_READ);
}

int on_write(struct pt_regs *ctx, struct file *file, const char *buf, size_t count)
{
	return rw_entry(file, count, 0);
}

int on_write_ret(struct pt_regs *ctx)
{
	return rw_return(ctx, TB_FILESLOWER_WRITE);
}
#endif
