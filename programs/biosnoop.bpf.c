/* biosnoop: one event per completed block I/O request, from the block tracepoints, followed
 * from creation to issue to completion by tb_bpf_block.h. */
#include <uapi/linux/ptrace.h>
#include "tb_bpf.h"
#include "tb_bpf_block.h"
#include "biosnoop.h"

/* Options from the frontend: TARG_DEV (-d). */

BPF_PERF_OUTPUT(events);

/* it also fires for requests the I/O statistics leave out (flushes; a queue with iostats
 * off), which BCC's block_io_done does not */
TRACEPOINT_PROBE(block, block_rq_complete)
{
	struct biosnoop_event e;
	struct tb_rq rq;
	u64 now;

	if (tb_rq_done(&rq, args->dev, args->sector, args->rwbs))
		return 0;
	now = bpf_ktime_get_ns();
	__builtin_memset(&e, 0, sizeof(e));
	e.ts_ns = now;
	e.sector = rq.sector;
	e.delta_ns = now - rq.issue_ts;
	if (rq.origin_ts && rq.origin_ts <= rq.issue_ts)
		e.qdelta_ns = rq.issue_ts - rq.origin_ts;
	e.dev = rq.dev;
	e.bytes = rq.bytes;
	e.rwflag = rq.rwflag;
	e.pid = rq.pid;
	__builtin_memcpy(e.comm, rq.comm, sizeof(e.comm));
	tb_count_lost(events.perf_submit(args, &e, sizeof(e)));
	return 0;
}
