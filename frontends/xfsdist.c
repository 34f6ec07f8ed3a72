/* xfsdist: XFS read, write, open and fsync latency as histograms, as BCC's xfsdist: the file
 * systems' dist tool (loader/tool/tb_fsdist.h) on XFS's functions. */
#include <argp.h>
#include <linux/types.h>

#include "fsdist.h"
#include "tracebox.h"

TB_BPF_SOURCE_DECLARE(xfsdist);

const char *argp_program_version = "xfsdist (tracebox) 0.1";
static const char doc[] =
	"Summarize XFS operation latency.\n"
	"\n"
	"EXAMPLES:\n"
	"    xfsdist            # show operation latency as a histogram\n"
	"    xfsdist -p 181     # trace PID 181 only\n"
	"    xfsdist 1 10       # print 1 second summaries, 10 times\n"
	"    xfsdist -m 5       # 5s summaries, milliseconds\n"
	"    xfsdist --json 5   # one JSON object per 5 s summary";

static const struct argp argp = { tb_fsdist_options, tb_fsdist_parse_opt, tb_fsdist_args_doc,
				  doc, tb_fs_children, NULL, NULL };

static int prepare(struct tb_cflags *cf)
{
	return tb_fsdist_prepare(&tb_fs_xfs, cf);
}

static const struct tb_tool tool = {
	TB_TOOL_SOURCE(xfsdist),
	.argp = &argp,
	TB_FSDIST_TOOL(tb_fs_xfs, "XFS operation latency", prepare),
};
TB_TOOL_MAIN(xfsdist, tool)
