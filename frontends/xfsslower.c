/* xfsslower: XFS reads, writes, opens and fsyncs slower than a threshold, as BCC's xfsslower:
 * the file systems' slower tool (loader/tool/tb_fsslower.h) on XFS's functions. */
#include <argp.h>
#include <linux/types.h>

#include "fsslower.h"
#include "tracebox.h"

TB_BPF_SOURCE_DECLARE(xfsslower);

const char *argp_program_version = "xfsslower (tracebox) 0.1";
static const char doc[] =
	"Trace common XFS file operations slower than a threshold.\n"
	"\n"
	"min_ms: minimum I/O duration to trace, in ms (default 10; 0 traces every operation).\n"
	"\n"
	"EXAMPLES:\n"
	"    xfsslower             # trace operations slower than 10 ms (default)\n"
	"    xfsslower 1           # trace operations slower than 1 ms\n"
	"    xfsslower -j 1        # ... 1 ms, parsable output (csv)\n"
	"    xfsslower 0           # trace all operations (warning: verbose)\n"
	"    xfsslower -p 185      # trace PID 185 only\n"
	"    xfsslower --json 1    # one JSON object per operation slower than 1 ms";

static const struct argp argp = { tb_fsslower_options, tb_fsslower_parse_opt,
				  tb_fsslower_args_doc, doc, tb_fs_children, NULL, NULL };

static int prepare(struct tb_cflags *cf)
{
	return tb_fsslower_prepare(&tb_fs_xfs, cf);
}

static const struct tb_tool tool = {
	TB_TOOL_SOURCE(xfsslower),
	.argp = &argp,
	TB_FSSLOWER_TOOL(tb_fs_xfs, prepare),
};
TB_TOOL_MAIN(xfsslower, tool)
