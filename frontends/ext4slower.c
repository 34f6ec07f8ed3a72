/* ext4slower: ext4 reads, writes, opens and fsyncs slower than a threshold, as BCC's
 * ext4slower: the file systems' slower tool (loader/tool/tb_fsslower.h) on ext4's functions. */
#include <argp.h>
#include <linux/types.h>

#include "fsslower.h"
#include "tracebox.h"

TB_BPF_SOURCE_DECLARE(ext4slower);

const char *argp_program_version = "ext4slower (tracebox) 0.1";
static const char doc[] =
	"Trace common ext4 file operations slower than a threshold.\n"
	"\n"
	"min_ms: minimum I/O duration to trace, in ms (default 10; 0 traces every operation).\n"
	"\n"
	"EXAMPLES:\n"
	"    ext4slower             # trace operations slower than 10 ms (default)\n"
	"    ext4slower 1           # trace operations slower than 1 ms\n"
	"    ext4slower -j 1        # ... 1 ms, parsable output (csv)\n"
	"    ext4slower 0           # trace all operations (warning: verbose)\n"
	"    ext4slower -p 185      # trace PID 185 only\n"
	"    ext4slower --json 1    # one JSON object per operation slower than 1 ms";

static const struct argp argp = { tb_fsslower_options, tb_fsslower_parse_opt,
				  tb_fsslower_args_doc, doc, tb_fs_children, NULL, NULL };

static int prepare(struct tb_cflags *cf)
{
	return tb_fsslower_prepare(&tb_fs_ext4, cf);
}

static const struct tb_tool tool = {
	TB_TOOL_SOURCE(ext4slower),
	.argp = &argp,
	TB_FSSLOWER_TOOL(tb_fs_ext4, prepare),
};
TB_TOOL_MAIN(ext4slower, tool)
