/* fsslower: a file system's reads, writes, opens and fsyncs slower than a threshold, one
 * event each (ext4slower; another file system's slower tool is the same program on its own
 * functions: programs/tb_bpf_fs.h probes them, the loader picks them).
 * Options from the frontend, as -D flags: MIN_US (print calls slower than this; none: every
 * call), TARG_PID, TB_FS_FOPS (tb_bpf_fs.h). */
#include <uapi/linux/ptrace.h>
#include <linux/fs.h>
#include <linux/sched.h>
#include <linux/dcache.h>
#include "tb_bpf.h"
#include "fsslower.h"
#include "tb_bpf_fs.h"

BPF_PERF_OUTPUT(events);

static __always_inline void tb_fs_done(struct pt_regs *ctx, u32 op, s64 ret,
				       const struct tb_fs_start *s, u64 now)
{
	struct fsslower_event e;
	struct dentry *de = NULL;
	const unsigned char *name = NULL;
	u64 delta = now - s->ts;

#ifdef MIN_US
	/* BCC's test, in whole microseconds: a call of exactly the threshold is not shown */
	if (delta / 1000 <= MIN_US)
		return;
#endif
	__builtin_memset(&e, 0, sizeof(e));
	e.end_ns = now;
	e.delta_ns = delta;
	e.ret = ret;
	e.offset = s->offset;
	e.pid = bpf_get_current_pid_tgid() >> 32;
	e.op = op;
	bpf_get_current_comm(&e.comm, sizeof(e.comm));
	/* the name the file was opened by: its dentry's last component */
	bpf_probe_read_kernel(&de, sizeof(de), &s->fp->f_path.dentry);
	if (de) {
		bpf_probe_read_kernel(&name, sizeof(name), &de->d_name.name);
		if (name)
			bpf_probe_read_kernel_str(&e.file, sizeof(e.file), name);
	}
	tb_count_lost(events.perf_submit(ctx, &e, sizeof(e)));
}
