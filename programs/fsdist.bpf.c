/* fsdist: a file system's read, write, open and fsync latency, one log2 histogram per
 * operation (ext4dist; another file system's dist tool is the same program on its own
 * functions: programs/tb_bpf_fs.h probes them, the loader picks them).
 * Options from the frontend, as -D flags: TB_FS_FACTOR (1000: microseconds, 1000000:
 * milliseconds), TARG_PID, TB_FS_FOPS (tb_bpf_fs.h). */
#include <uapi/linux/ptrace.h>
#include <linux/fs.h>
#include <linux/sched.h>
#include "tb_bpf.h"
#include "fsslower.h"
#include "fsdist.h"
#include "tb_bpf_fs.h"

#ifndef TB_FS_FACTOR
#define TB_FS_FACTOR 1000
#endif

BPF_HISTOGRAM(dist, struct fsdist_key, TB_FSDIST_ENTRIES);

static __always_inline void tb_fs_done(struct pt_regs *ctx, u32 op, s64 ret,
				       const struct tb_fs_start *s, u64 now)
{
	/* zeroed whole, padding included: the key is hashed as bytes */
	struct fsdist_key key;

	__builtin_memset(&key, 0, sizeof(key));
	key.op = op;
	key.slot = bpf_log2l((now - s->ts) / TB_FS_FACTOR);
	dist.atomic_increment(key);
}
