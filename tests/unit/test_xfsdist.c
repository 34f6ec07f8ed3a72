/* Unit tests of xfsdist (ext4dist's tool, loader/tool/fsdist.c, on tb_fs_xfs): BCC's options,
 * the flags, and BCC's banner "Tracing XFS operation latency" (the histograms are
 * test_ext4dist's). */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "tracebox.h"

#include "../../frontends/xfsdist.c"

const char tb_bpf_xfsdist[] = "";
const char tb_bpf_xfsdist_name[] = "fsdist.bpf.c";

static int parse(const char *line)
{
	char *argv[CHECK_MAX_ARGS];

	tb_fsdist.no_timestamp = tb_fsdist.milliseconds = false;
	tb_fs_opts.pid = -1;
	tb_fs_opts.attach = TB_ATTACH_AUTO;
	tb_fsdist_interval.interval_ms = tb_fsdist_interval.count = 0;
	tb_common.json = false;
	return tb_tool_parse(&tool, check_argv("xfsdist", line, argv), argv);
}

int main(void)
{
	struct tb_cflags cf = { 0 };

	tb_log_set_tool("test_xfsdist");

	/* XFS's functions, kprobes alone; BCC's banner */
	CHECK(tool.choice == &tb_fs_xfs.target);
	CHECK_STR(tool.choice->kfns[0], "xfs_file_write_iter");
	CHECK_STR(tool.choice->kfns[1], "xfs_file_fsync");
	CHECK_STR(tool.banner, "XFS operation latency");

	/* BCC's flags: -T is --notimestamp, [interval [count]] */
	CHECK_INT(parse(""), 0);
	CHECK(!tb_fsdist.no_timestamp && !tb_fsdist.milliseconds && tb_fs_opts.pid < 0);
	CHECK_INT(parse("-T -m -p 181 1 10"), 0);
	CHECK(tb_fsdist.no_timestamp && tb_fsdist.milliseconds);
	CHECK_INT(tb_fs_opts.pid, 181);
	CHECK_INT(tb_fsdist_interval.interval_ms, 1000);
	CHECK_INT(tb_fsdist_interval.count, 10);
	CHECK(rejected("0"));
	CHECK(rejected("1 2 3"));
	CHECK(rejected("-p abc"));
	CHECK(rejected("--attach tracepoint"));

	/* -m: BCC's factor of 1000000 (milliseconds); -DTARG_PID, no TB_FS_FOPS */
	CHECK_INT(tb_fsdist_prepare(&tb_fs_xfs, &cf), 0);
	CHECK(has_flag(&cf, "-DTB_FS_FACTOR=1000000"));
	CHECK(has_flag(&cf, "-DTARG_PID=181"));
	for (int i = 0; i < cf.n; i++)
		CHECK(strncmp(cf.argv[i], "-DTB_FS_FOPS", 12) != 0);
	tb_cflags_free(&cf);
	CHECK_INT(parse("5"), 0);
	CHECK_INT(tb_fsdist_prepare(&tb_fs_xfs, &cf), 0);
	CHECK(has_flag(&cf, "-DTB_FS_FACTOR=1000"));
	tb_cflags_free(&cf);
	return check_result("test_xfsdist");
}
