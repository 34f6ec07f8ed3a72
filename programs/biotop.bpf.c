/* biotop: block I/O summed per process, disk and direction in table `counts`, read and emptied
 * by the frontend every interval. Requests are followed from creation to issue to completion
 * by tb_bpf_block.h; flushes (0 bytes) are left out, as the I/O statistics BCC's probes sit
 * in never count them. */
#include <uapi/linux/ptrace.h>
#include "tb_bpf.h"
#define TB_RQ_DATA_ONLY 1
#include "tb_bpf_block.h"
#include "biotop.h"

/* Options from the frontend: TARG_PID (-p). */

BPF_HASH(counts, struct biotop_key, struct biotop_val, TB_BIOTOP_MAX_ENTRIES);

TRACEPOINT_PROBE(block, block_rq_complete)
{
	struct biotop_val zero = {}, *val;
	struct biotop_key info;
	struct tb_rq rq;

	if (tb_rq_done(&rq, args->dev, args->sector, args->rwbs))
		return 0;
#ifdef TARG_PID
	if (rq.pid != TARG_PID)
		return 0;
#endif
	/* the key is built on the stack: before 4.16 a map value cannot be a map helper's key */
	__builtin_memset(&info, 0, sizeof(info));
	info.pid = rq.pid;
	info.rwflag = rq.rwflag;
	info.dev = rq.dev;
	__builtin_memcpy(info.comm, rq.comm, sizeof(info.comm));
	val = counts.lookup_or_try_init(&info, &zero);
	if (!val)
		return 0; /* table full: the frontend says so at the interval's end */
	__sync_fetch_and_add(&val->bytes, rq.bytes);
	__sync_fetch_and_add(&val->ns, bpf_ktime_get_ns() - rq.issue_ts);
	__sync_fetch_and_add(&val->io, 1);
	return 0;
}
