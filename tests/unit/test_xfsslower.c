/* Unit tests of xfsslower (ext4slower's tool, loader/tool/fsslower.c, on tb_fs_xfs): BCC's
 * options, XFS's four functions with no generic fallback, the flags, and BCC's "Tracing XFS
 * operations" line (the lines' formats are test_ext4slower's). */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "check.h"
#include "tracebox.h"

#include "../../frontends/xfsslower.c"

const char tb_bpf_xfsslower[] = "";
const char tb_bpf_xfsslower_name[] = "fsslower.bpf.c";

static int parse(const char *line)
{
	char *argv[CHECK_MAX_ARGS];

	tb_fsslower.min_ms = TB_FSSLOWER_DEFAULT_MS;
	tb_fsslower.csv = false;
	tb_fs_opts.pid = -1;
	tb_fs_opts.attach = TB_ATTACH_AUTO;
	tb_common.json = false;
	return tb_tool_parse(&tool, check_argv("xfsslower", line, argv), argv);
}

static const char *header(void)
{
	static char text[1024];
	FILE *fp = fmemopen(text, sizeof(text), "w");

	tb_fsslower_open(fp);
	fclose(fp);
	return text;
}

int main(void)
{
	struct tb_cflags cf = { 0 };

	tb_log_set_tool("test_xfsslower");

	/* BCC's xfsslower attaches these four, on every kernel */
	CHECK_STR(tb_fs_xfs.read, "xfs_file_read_iter");
	CHECK_STR(tb_fs_xfs.write, "xfs_file_write_iter");
	CHECK_STR(tb_fs_xfs.open, "xfs_file_open");
	CHECK_STR(tb_fs_xfs.fsync, "xfs_file_fsync");
	CHECK(!tb_fs_xfs.generic_read && !tb_fs_xfs.fops);
	CHECK_STR(tb_fs_xfs.target.purpose, "xfs operations");
	CHECK(tb_fs_xfs.target.methods == TB_ATTACH_BIT(TB_ATTACH_KPROBE));
	CHECK(strstr(tb_fs_xfs.target.kfn_hint, "modprobe xfs") != NULL);

	/* BCC's defaults and flags */
	CHECK_INT(parse(""), 0);
	CHECK_INT(tb_fsslower.min_ms, 10);
	CHECK(tb_fs_opts.pid < 0 && !tb_fsslower.csv);
	CHECK_INT(parse("-j -p 185 1"), 0);
	CHECK(tb_fsslower.csv);
	CHECK_INT(tb_fs_opts.pid, 185);
	CHECK_INT(tb_fsslower.min_ms, 1);
	CHECK(rejected("--attach fentry"));
	CHECK(rejected("-p 0"));
	CHECK(rejected("abc"));
	CHECK(rejected("3600001"));
	CHECK(rejected("1 2"));

	/* the -D flags: no TB_FS_FOPS (XFS's own read function everywhere) */
	CHECK_INT(parse("-p 185 5"), 0);
	CHECK_INT(tb_fsslower_prepare(&tb_fs_xfs, &cf), 0);
	CHECK(has_flag(&cf, "-DMIN_US=5000"));
	CHECK(has_flag(&cf, "-DTARG_PID=185"));
	for (int i = 0; i < cf.n; i++)
		CHECK(strncmp(cf.argv[i], "-DTB_FS_FOPS", 12) != 0);
	tb_cflags_free(&cf);

	/* BCC's "Tracing XFS operations" (XFS in capitals, where ext4slower says ext4) */
	CHECK_INT(parse(""), 0);
	CHECK_INT(tb_fsslower_prepare(&tb_fs_xfs, &cf), 0);
	tb_cflags_free(&cf);
	CHECK(!strncmp(header(), "Tracing XFS operations slower than 10 ms\nTIME     COMM", 53));
	CHECK_INT(parse("0"), 0);
	CHECK(!strncmp(header(), "Tracing XFS operations\nTIME ", 28));
	CHECK_INT(parse("-j 0"), 0);
	CHECK_STR(header(), "ENDTIME_us,TASK,PID,TYPE,BYTES,OFFSET_b,LATENCY_us,FILE\n");
	return check_result("test_xfsslower");
}
