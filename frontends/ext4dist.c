/* ext4dist: ext4 read, write, open and fsync latency as histograms, as BCC's ext4dist: the file
 * systems' dist tool (loader/tool/tb_fsdist.h) on ext4's functions. */
#include <argp.h>
#include <linux/types.h>

#include "fsdist.h"
#include "tracebox.h"

TB_BPF_SOURCE_DECLARE(ext4dist);

const char *argp_program_version = "ext4dist (tracebox) 0.1";
static const char doc[] =
	"Summarize ext4 operation latency.\n"
	"\n"
	"EXAMPLES:\n"
	"    ext4dist            # show operation latency as a histogram\n"
	"    ext4dist -p 181     # trace PID 181 only\n"
	"    ext4dist 1 10       # print 1 second summaries, 10 times\n"
	"    ext4dist -m 5       # 5s summaries, milliseconds\n"
	"    ext4dist --json 5   # one JSON object per 5 s summary";

static const struct argp argp = { tb_fsdist_options, tb_fsdist_parse_opt, tb_fsdist_args_doc,
				  doc, tb_fs_children, NULL, NULL };

static int prepare(struct tb_cflags *cf)
{
	return tb_fsdist_prepare(&tb_fs_ext4, cf);
}

static const struct tb_tool tool = {
	TB_TOOL_SOURCE(ext4dist),
	.argp = &argp,
	TB_FSDIST_TOOL(tb_fs_ext4, "ext4 operation latency", prepare),
};
TB_TOOL_MAIN(ext4dist, tool)
