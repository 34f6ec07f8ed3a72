/* biosnoop: one event per completed block I/O request, from the block tracepoints. They carry
 * no request pointer, so a request is followed from creation to issue to completion by its
 * disk, direction and first sector, as BCC's biosnoop keys its maps. The process is the one
 * the request was created in: block_io_start where the kernel has it (6.5+, BCC's choice),
 * else block_getrq (every kernel: a request allocated for a bio, in the submitter). */
#include <uapi/linux/ptrace.h>
#include "tb_bpf.h"
#include "tb_bpf_block.h"
#include "biosnoop.h"

/* Options from the frontend: TARG_DEV (-d). */

struct origin {
	u64 ts;
	u32 pid;
	u32 pad;
	char comm[TB_BIOSNOOP_COMM_LEN];
};

struct issue {
	u64 ts;
	u32 bytes;
	u32 pid;
	char comm[TB_BIOSNOOP_COMM_LEN];
};

/* LRU: a request created and then merged into another one is never issued, and its entry
 * would stay for ever in a plain hash */
BPF_TABLE("lru_hash", struct tb_rq_key, struct origin, origins, 10240);
BPF_TABLE("lru_hash", struct tb_rq_key, struct issue, issues, 10240);
BPF_PERF_OUTPUT(events);

static __always_inline int on_origin(u32 dev, u64 sector, const char *rwbs)
{
	struct tb_rq_key key;
	struct origin val;

#ifdef TARG_DEV
	if (dev != TARG_DEV)
		return 0;
#endif
	tb_rq_key_make(&key, dev, sector, rwbs);
	__builtin_memset(&val, 0, sizeof(val));
	val.ts = bpf_ktime_get_ns();
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

#ifdef TARG_DEV
	if (args->dev != TARG_DEV)
		return 0;
#endif
	tb_rq_key_make(&key, args->dev, args->sector, args->rwbs);
	__builtin_memset(&val, 0, sizeof(val));
	val.ts = bpf_ktime_get_ns();
	val.bytes = args->bytes;
	/* the process issuing it: printed when the request's creation was not seen */
	val.pid = bpf_get_current_pid_tgid() >> 32;
	bpf_get_current_comm(&val.comm, sizeof(val.comm));
	issues.update(&key, &val);
	return 0;
}

/* block_rq_complete, not block_io_done (BCC's on 6.5+): it is on every kernel, and fires for
 * requests the I/O statistics leave out (flushes; a queue with iostats off) */
TRACEPOINT_PROBE(block, block_rq_complete)
{
	struct biosnoop_event e;
	struct tb_rq_key key;
	struct issue *iss;
	struct origin *org;
	u64 now;

#ifdef TARG_DEV
	if (args->dev != TARG_DEV)
		return 0;
#endif
	tb_rq_key_make(&key, args->dev, args->sector, args->rwbs);
	iss = issues.lookup(&key);
	if (!iss)
		return 0; /* issued before tracing began */
	now = bpf_ktime_get_ns();
	__builtin_memset(&e, 0, sizeof(e));
	e.ts_ns = now;
	e.sector = key.sector;
	e.delta_ns = now - iss->ts;
	e.dev = key.dev;
	e.bytes = iss->bytes;
	e.rwflag = key.rwflag;
	e.pid = iss->pid;
	__builtin_memcpy(e.comm, iss->comm, sizeof(e.comm));
	org = origins.lookup(&key);
	if (org) {
		e.pid = org->pid;
		__builtin_memcpy(e.comm, org->comm, sizeof(e.comm));
		if (org->ts <= iss->ts)
			e.qdelta_ns = iss->ts - org->ts;
		origins.delete(&key);
	}
	issues.delete(&key);
	tb_count_lost(events.perf_submit(args, &e, sizeof(e)));
	return 0;
}
