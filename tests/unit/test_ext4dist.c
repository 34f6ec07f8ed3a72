/* Unit tests of ext4dist (the file systems' dist tool, loader/tool/fsdist.c): BCC's options
 * and the flags they give, the summary's text (BCC's "HH:MM:SS:" line, one histogram per
 * operation under "operation = NAME") and JSON. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "check.h"
#include "tracebox.h"

#include "../../frontends/ext4dist.c"
#include "fsslower.h" /* the operations' numbers */

const char tb_bpf_ext4dist[] = "";
const char tb_bpf_ext4dist_name[] = "fsdist.bpf.c";

static int parse(const char *line)
{
	char *argv[CHECK_MAX_ARGS];

	tb_fsdist.no_timestamp = tb_fsdist.milliseconds = false;
	tb_fs_opts.pid = -1;
	tb_fs_opts.attach = TB_ATTACH_AUTO;
	tb_fsdist_interval.interval_ms = tb_fsdist_interval.count = 0;
	tb_common.json = false;
	return tb_tool_parse(&tool, check_argv("ext4dist", line, argv), argv);
}

static const char *render(const struct tb_hist_set *set)
{
	static char text[8192];
	FILE *fp = fmemopen(text, sizeof(text), "w");

	tb_fsdist_print_set(fp, set, 0);
	fclose(fp);
	return text;
}

int main(void)
{
	struct tb_hist hists[2] = { 0 };
	struct tb_hist_set set = { .hists = hists, .n = 2, .cap = 2, .section_size = 8 };
	struct tb_cflags cf = { 0 };
	char want[4096], hist[2][1024];
	FILE *fp;

	setenv("TZ", "UTC", 1);
	tzset();
	tb_log_set_tool("test_ext4dist");

	/* BCC's flags: -T is --notimestamp, [interval [count]] */
	CHECK_INT(parse(""), 0);
	CHECK(!tb_fsdist.no_timestamp && !tb_fsdist.milliseconds && tb_fs_opts.pid < 0);
	CHECK_INT(parse("-T -m -p 181 1 10"), 0);
	CHECK(tb_fsdist.no_timestamp && tb_fsdist.milliseconds);
	CHECK_INT(tb_fs_opts.pid, 181);
	CHECK_INT(tb_fsdist_interval.interval_ms, 1000);
	CHECK_INT(tb_fsdist_interval.count, 10);
	CHECK_INT(parse("--notimestamp --milliseconds --pid 181 5"), 0);
	CHECK_INT(tb_fsdist_interval.interval_ms, 5000);
	CHECK(rejected("0"));      /* BCC: "ERROR: interval 0" */
	CHECK(rejected("1 2 3"));
	CHECK(rejected("-p 0"));
	CHECK(rejected("--attach fentry"));

	CHECK_INT(parse("-m -p 181"), 0);
	CHECK_INT(tb_fsdist_prepare(&tb_fs_ext4, &cf), 0);
	CHECK(has_flag(&cf, "-DTB_FS_FACTOR=1000000"));
	CHECK(has_flag(&cf, "-DTARG_PID=181"));
	tb_cflags_free(&cf);
	CHECK_INT(parse(""), 0);
	CHECK_INT(tb_fsdist_prepare(&tb_fs_ext4, &cf), 0);
	CHECK(has_flag(&cf, "-DTB_FS_FACTOR=1000"));
	CHECK(!has_flag(&cf, "-DTARG_PID=181"));
	tb_cflags_free(&cf);

	/* read: 3 in 2-3 us, 1 in 64-127; fsync (op 3): 2 in 1024-2047 */
	hists[0].slots[2] = 3;
	hists[0].slots[7] = 1;
	hists[0].total = 4;
	hists[1].section[0] = TB_FS_FSYNC;
	hists[1].slots[11] = 2;
	hists[1].total = 2;
	for (int i = 0; i < 2; i++) {
		fp = fmemopen(hist[i], sizeof(hist[i]), "w");
		tb_hist_print_log2(fp, hists[i].slots, TB_HIST_LOG2_SLOTS, "usecs", false);
		fclose(fp);
	}
	snprintf(want, sizeof(want), "\noperation = read\n%s\noperation = fsync\n%s", hist[0], hist[1]);
	CHECK_STR(render(&set), want);
	CHECK(strstr(want, "     usecs               : count     distribution\n"));
	/* with an interval, BCC's timestamp line first, unless -T */
	CHECK_INT(parse("1"), 0);
	snprintf(want, sizeof(want), "00:00:00:\n\noperation = read\n%s\noperation = fsync\n%s",
		 hist[0], hist[1]);
	CHECK_STR(render(&set), want);
	CHECK_INT(parse("-T 1"), 0);
	CHECK(!strncmp(render(&set), "\noperation = read\n", 18));

	CHECK_INT(parse("--json -m 1"), 0);
	/* the buckets up to the last non-empty one, as every histogram tool's JSON */
	CHECK_STR(render(&set),
		  "{\"ts\":\"1970-01-01 00:00:00\",\"unit\":\"msecs\",\"section\":\"operation\","
		  "\"hists\":[{\"key\":\"read\",\"total\":4,\"buckets\":["
		  "{\"low\":0,\"high\":1,\"count\":0},{\"low\":2,\"high\":3,\"count\":3},"
		  "{\"low\":4,\"high\":7,\"count\":0},{\"low\":8,\"high\":15,\"count\":0},"
		  "{\"low\":16,\"high\":31,\"count\":0},{\"low\":32,\"high\":63,\"count\":0},"
		  "{\"low\":64,\"high\":127,\"count\":1}]},"
		  "{\"key\":\"fsync\",\"total\":2,\"buckets\":["
		  "{\"low\":0,\"high\":1,\"count\":0},{\"low\":2,\"high\":3,\"count\":0},"
		  "{\"low\":4,\"high\":7,\"count\":0},{\"low\":8,\"high\":15,\"count\":0},"
		  "{\"low\":16,\"high\":31,\"count\":0},{\"low\":32,\"high\":63,\"count\":0},"
		  "{\"low\":64,\"high\":127,\"count\":0},{\"low\":128,\"high\":255,\"count\":0},"
		  "{\"low\":256,\"high\":511,\"count\":0},{\"low\":512,\"high\":1023,\"count\":0},"
		  "{\"low\":1024,\"high\":2047,\"count\":2}]}]}\n");
	return check_result("test_ext4dist");
}
