/* The block request tools' tracepoints (tb_block.h). */
#include <stddef.h>

#include "tb_block.h"
#include "tb_features.h"
#include "tb_log.h"
#include "tb_tool.h"

int tb_block_rq_attach(struct tb_prog *prog)
{
	struct tb_probe probes[] = {
		{ TB_TRACEPOINT, "block:block_io_start" },
		{ TB_TRACEPOINT, "block:block_rq_issue" },
		{ TB_TRACEPOINT, "block:block_rq_complete" },
		{ TB_PROBE_END },
	};

	if (!tb_tracepoint_exists("block:block_io_start"))
		probes[0].target = "block:block_getrq";
	tb_info("processes from %s", probes[0].target);
	return tb_probes_attach(prog, probes);
}
