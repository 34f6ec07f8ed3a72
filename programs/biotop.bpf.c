/* biotop: block I/O summed per process, disk and direction in table `counts`, read and emptied
 * by the frontend every interval. From the block tracepoints, as biosnoop: a request is known
 * by disk, direction and sector (tb_bpf_block.h); its process is the one it was created in,
 * block_io_start where the kernel has it (6.5+, BCC's choice too), else block_getrq; its size
 * and start time come from block_rq_issue, its end from block_rq_complete. */
#include <uapi/linux/ptrace.h>
#include "tb_bpf.h"
#include "tb_bpf_block.h"
#include "biotop.h"

/* Options from the frontend: TARG_PID (-p). */

struct origin {
	u32 pid;
	u32 pad;
	char comm[TB_BIOTOP_COMM_LEN];
};

struct issue {
	u64 ts;
	u64 bytes;
	u32 pid;
	u32 pad;
	char comm[TB_BIOTOP_COMM_LEN];
};

/* LRU: a request created and then merged into another one is never issued, and its entry
 * would stay for ever in a plain hash */
BPF_TABLE("lru_hash", struct tb_rq_key, struct origin, origins, 10240);
BPF_TABLE("lru_hash", struct tb_rq_key, struct issue, issues, 10240);
BPF_HASH(counts, struct biotop_key, struct biotop_val, TB_BIOTOP_MAX_ENTRIES);

static __always_inline int on_origin(u32 dev, u64 sector, const char *rwbs)
{
	struct tb_rq_key key;
	struct origin val;

	tb_rq_key_make(&key, dev, sector, rwbs);
	__builtin_memset(&val, 0, sizeof(val));
	val.pid = bpf_get_current_pid_tgid() >> 32;
	bpf_get_current_comm(&val.comm, sizeof(val.comm));
	origins.update(&key, &val);
	return 0;
}

#ifdef TB_TP_block__block_io_start
TRACEPOINT_PROBE(block, block_io_start)
{
	return on_origin(args->dev, args->sector, args->rwbs);
}
#else
TRACEPOINT_PROBE(block, block_getrq)
{
	return on_origin(args->dev, args->sector, args->rwbs);
}
#endif

TRACEPOINT_PROBE(block, block_rq_issue)
{
	struct tb_rq_key key;
	struct issue val;

	/* a flush carries no data: BCC's probes (the I/O statistics') never see one */
	if (!args->bytes)
		return 0;
	tb_rq_key_make(&key, args->dev, args->sector, args->rwbs);
	__builtin_memset(&val, 0, sizeof(val));
	val.ts = bpf_ktime_get_ns();
	val.bytes = args->bytes;
	/* the process issuing it: counted under it when the request's creation was not seen */
	val.pid = bpf_get_current_pid_tgid() >> 32;
	bpf_get_current_comm(&val.comm, sizeof(val.comm));
	issues.update(&key, &val);
	return 0;
}

TRACEPOINT_PROBE(block, block_rq_complete)
{
	struct biotop_val zero = {}, *val;
	struct biotop_key info;
	struct tb_rq_key key;
	struct origin *org;
	struct issue *iss;
	u64 delta;

	tb_rq_key_make(&key, args->dev, args->sector, args->rwbs);
	iss = issues.lookup(&key);
	if (!iss)
		return 0; /* issued before tracing began */
	delta = bpf_ktime_get_ns() - iss->ts;
	/* the key is built on the stack: before 4.16 a map value cannot be a map helper's key */
	__builtin_memset(&info, 0, sizeof(info));
	info.rwflag = key.rwflag;
	info.dev = key.dev;
	info.pid = iss->pid;
	__builtin_memcpy(info.comm, iss->comm, sizeof(info.comm));
	org = origins.lookup(&key);
	if (org) {
		info.pid = org->pid;
		__builtin_memcpy(info.comm, org->comm, sizeof(info.comm));
	}
	u64 bytes = iss->bytes;

	origins.delete(&key);
	issues.delete(&key);
#ifdef TARG_PID
	if (info.pid != TARG_PID)
		return 0;
#endif
	val = counts.lookup_or_try_init(&info, &zero);
	if (!val)
		return 0; /* table full: the frontend says so at the next interval */
	__sync_fetch_and_add(&val->bytes, bytes);
	__sync_fetch_and_add(&val->ns, delta);
	__sync_fetch_and_add(&val->io, 1);
	return 0;
}
