/* Unit tests of ext4slower (the file systems' slower tool, loader/tool/fsslower.c): BCC's
 * options and the flags they give, its lines against BCC's printf formats (text, -j's CSV,
 * --json). */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "check.h"
#include "tracebox.h"

#include "../../frontends/ext4slower.c"

const char tb_bpf_ext4slower[] = "";
const char tb_bpf_ext4slower_name[] = "fsslower.bpf.c";

static int parse(const char *line)
{
	char *argv[CHECK_MAX_ARGS];

	tb_fsslower.min_ms = TB_FSSLOWER_DEFAULT_MS;
	tb_fsslower.csv = false;
	tb_fs_opts.pid = -1;
	tb_fs_opts.attach = TB_ATTACH_AUTO;
	tb_common.json = false;
	return tb_tool_parse(&tool, check_argv("ext4slower", line, argv), argv);
}

/* What the tool prints before and for these events, at wall time 0 (UTC) */
static const char *render(const struct fsslower_event *e, int n)
{
	static char text[4096];
	FILE *fp = fmemopen(text, sizeof(text), "w");

	tb_fsslower_open(fp);
	for (int i = 0; i < n; i++)
		tb_fsslower_print(fp, &e[i], 0);
	fclose(fp);
	return text;
}

int main(void)
{
	struct fsslower_event e[] = {
		{ .end_ns = 5123456789ull, .delta_ns = 1234999, .ret = 4321, .offset = 1234,
		  .pid = 812, .op = TB_FS_WRITE, .comm = "fs_ops", .file = "fs_ops.marker" },
		/* a full 16-byte comm (cut to 14 in text, as BCC's %-14.14s), a full 32-byte
		 * name with no NUL, a failed open */
		{ .end_ns = 7000000000ull, .delta_ns = 15000000, .ret = -13, .offset = 0,
		  .pid = 4194304, .op = TB_FS_OPEN, .comm = "0123456789abcdef",
		  .file = "0123456789abcdef0123456789abcdef" },
	};
	struct tb_cflags cf = { 0 };
	char want[2048];

	setenv("TZ", "UTC", 1);
	tzset();
	tb_log_set_tool("test_ext4slower");

	/* BCC's defaults and flags */
	CHECK_INT(parse(""), 0);
	CHECK_INT(tb_fsslower.min_ms, 10);
	CHECK(tb_fs_opts.pid < 0 && !tb_fsslower.csv);
	CHECK_INT(parse("-j -p 185 1"), 0);
	CHECK(tb_fsslower.csv);
	CHECK_INT(tb_fs_opts.pid, 185);
	CHECK_INT(tb_fsslower.min_ms, 1);
	CHECK_INT(parse("--csv --pid 185 0"), 0);
	CHECK_INT(tb_fsslower.min_ms, 0);
	CHECK_INT(parse("--attach kprobe"), 0);
	CHECK_INT(tb_fs_opts.attach, TB_ATTACH_KPROBE);
	CHECK(rejected("--attach fentry")); /* no fentry variant */
	CHECK(rejected("--attach tracepoint"));
	CHECK(rejected("-p 0"));
	CHECK(rejected("-p x"));
	CHECK(rejected("abc"));
	CHECK(rejected("-- -1"));
	CHECK(rejected("3600001"));
	CHECK(rejected("1 2"));

	/* the -D flags: a threshold in microseconds, none at 0 (BCC's FILTER_US 0) */
	CHECK_INT(parse("-p 185 5"), 0);
	CHECK_INT(tb_fsslower_prepare(&tb_fs_ext4, &cf), 0);
	CHECK(has_flag(&cf, "-DMIN_US=5000"));
	CHECK(has_flag(&cf, "-DTARG_PID=185"));
	tb_cflags_free(&cf);
	CHECK_INT(parse("0"), 0);
	CHECK_INT(tb_fsslower_prepare(&tb_fs_ext4, &cf), 0);
	CHECK(!has_flag(&cf, "-DMIN_US=0"));
	CHECK(!has_flag(&cf, "-DTARG_PID=185"));
	tb_cflags_free(&cf);

	/* text: BCC's header "%-8s %-14s %-6s %1s %-7s %-8s %7s %s" and lines
	 * "%-8s %-14.14s %-6s %1s %-7s %-8d %7.2f %s" (LAT of whole microseconds) */
	CHECK_INT(parse(""), 0);
	snprintf(want, sizeof(want),
		 "Tracing ext4 operations slower than 10 ms\n"
		 "%-8s %-14s %-6s %1s %-7s %-8s %7s %s\n"
		 "%-8s %-14.14s %-6s %1s %-7s %-8d %7.2f %s\n"
		 "%-8s %-14.14s %-6s %1s %-7s %-8d %7.2f %s\n",
		 "TIME", "COMM", "PID", "T", "BYTES", "OFF_KB", "LAT(ms)", "FILENAME",
		 "00:00:00", "fs_ops", "812", "W", "4321", 1, 1.234, "fs_ops.marker",
		 "00:00:00", "0123456789abcdef", "4194304", "O", "-13", 0, 15.0,
		 "0123456789abcdef0123456789abcdef");
	CHECK_STR(render(e, 2), want);
	CHECK_INT(parse("0"), 0);
	CHECK(!strncmp(render(e, 0), "Tracing ext4 operations\nTIME ", 29));

	/* -j: BCC's header and "%d,%s,%d,%s,%d,%d,%d,%s" (end time and latency in us, the
	 * offset in bytes) */
	CHECK_INT(parse("-j 0"), 0);
	CHECK_STR(render(e, 2),
		  "ENDTIME_us,TASK,PID,TYPE,BYTES,OFFSET_b,LATENCY_us,FILE\n"
		  "5123456,fs_ops,812,W,4321,1234,1234,fs_ops.marker\n"
		  "7000000,0123456789abcdef,4194304,O,-13,0,15000,0123456789abcdef0123456789abcdef\n");

	/* --json: one object per line, nothing before (-j has no say there) */
	CHECK_INT(parse("-j --json"), 0);
	CHECK_STR(render(e, 1),
		  "{\"time\":\"00:00:00\",\"comm\":\"fs_ops\",\"pid\":812,\"type\":\"W\","
		  "\"bytes\":4321,\"off_kb\":1,\"lat_ms\":1.23,\"filename\":\"fs_ops.marker\"}\n");
	return check_result("test_ext4slower");
}
