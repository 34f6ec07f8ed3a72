/* Unit tests of runqslower: BCC's options, the cflags they give, and its lines against BCC's
 * printf formats (text, -P, --json). */
#include <stdlib.h>
#include <time.h>

#include "check.h"
#include "tracebox.h"

#include "../../frontends/runqslower.c"

const char tb_bpf_runqslower[] = "";
const char tb_bpf_runqslower_name[] = "runqslower.bpf.c";

static int parse(const char *line)
{
	char *argv[CHECK_MAX_ARGS];

	env.min_us = TB_RUNQSLOWER_DEFAULT_US;
	env.pid = env.tid = -1;
	env.previous = false;
	return tb_tool_parse(&tool, check_argv("runqslower", line, argv), argv);
}

/* The header and one line per event, as the tool prints them at wall time 0 (UTC) */
static const char *render(const struct runqslower_event *e, int n, bool json)
{
	static char text[4096];
	FILE *fp = CHECK_OUTPUT_OPEN(&out, text, columns, json);

	for (int i = 0; i < n; i++)
		print_event(&e[i], 0);
	fclose(fp);
	return text;
}

int main(void)
{
	struct runqslower_event e[] = {
		{ .delta_us = 12739, .pid = 12924, .prev_pid = 13640, .task = "cc1",
		  .prev_task = "sh" },
		/* a full 16-byte name has no NUL */
		{ .delta_us = 1234567890123ull, .pid = 4194304, .prev_pid = 0,
		  .task = "0123456789abcdef", .prev_task = "swapper/1" },
	};
	struct tb_cflags cf = { 0 };
	char want[1024];

	setenv("TZ", "UTC", 1);
	tzset();
	tb_log_set_tool("test_runqslower");

	/* BCC's defaults and flags */
	CHECK_INT(parse(""), 0);
	CHECK_INT(env.min_us, 10000);
	CHECK(env.pid < 0 && env.tid < 0 && !env.previous);
	CHECK_INT(parse("-P -t 123 1000"), 0);
	CHECK(env.previous);
	CHECK_INT(env.tid, 123);
	CHECK_INT(env.min_us, 1000);
	CHECK_INT(parse("--pid 185 --previous 0"), 0); /* 0: every wait, as BCC's FILTER_US 0 */
	CHECK_INT(env.pid, 185);
	CHECK_INT(env.min_us, 0);
	CHECK(rejected("-p 1 -t 2")); /* BCC's mutually exclusive group */
	CHECK(rejected("-p 0"));
	CHECK(rejected("-t x"));
	CHECK(rejected("abc"));
	CHECK(rejected("-- -1"));
	CHECK(rejected("3600000001"));
	CHECK(rejected("1 2"));

	CHECK_INT(parse("-t 123 500"), 0);
	CHECK_INT(build_cflags(&cf, true), 0);
	snprintf(want, sizeof(want), "-DMAX_PID=%ld",
		 tb_proc_read_long("/proc/sys/kernel/pid_max", 32768));
	CHECK_STR(cf.argv[0], want);
	CHECK_STR(cf.argv[1], "-DMIN_US=500");
	CHECK_STR(cf.argv[2], "-DTARG_TID=123");
	CHECK_INT(cf.n, 3);
	tb_cflags_free(&cf);
	CHECK_INT(parse("-p 185"), 0);
	CHECK_INT(build_cflags(&cf, false), 0);
	CHECK(has_flag(&cf, "-DTB_USE_TRACEPOINTS=1"));
	CHECK(has_flag(&cf, "-DTARG_PID=185"));
	CHECK(has_flag(&cf, "-DMIN_US=10000"));
	CHECK_INT(cf.n, 4);
	tb_cflags_free(&cf);

	/* BCC: "%-8s %-16s %-6s %14s", -P adds " %-16s %-6s" (our last column unpadded) */
	CHECK_INT(parse(""), 0);
	snprintf(want, sizeof(want), "%-8s %-16s %-6s %14s\n%-8s %-16s %-6s %14s\n%-8s %-16s %-6s %14s\n",
		 "TIME", "COMM", "TID", "LAT(us)", "00:00:00", "cc1", "12924", "12739",
		 "00:00:00", "0123456789abcdef", "4194304", "1234567890123");
	CHECK_STR(render(e, 2, false), want);
	CHECK_INT(parse("-P"), 0);
	snprintf(want, sizeof(want), "%-8s %-16s %-6s %14s %-16s %s\n%-8s %-16s %-6s %14s %-16s %s\n",
		 "TIME", "COMM", "TID", "LAT(us)", "PREV COMM", "PREV TID",
		 "00:00:00", "cc1", "12924", "12739", "sh", "13640");
	CHECK_STR(render(e, 1, false), want);
	CHECK(strstr(want, "\n00:00:00 cc1              12924           12739 sh               13640\n"));

	CHECK_STR(render(e, 2, true),
		  "{\"time\":\"00:00:00\",\"comm\":\"cc1\",\"tid\":12924,\"lat_us\":12739,"
		  "\"prev_comm\":\"sh\",\"prev_tid\":13640}\n"
		  "{\"time\":\"00:00:00\",\"comm\":\"0123456789abcdef\",\"tid\":4194304,"
		  "\"lat_us\":1234567890123,\"prev_comm\":\"swapper/1\",\"prev_tid\":0}\n");
	CHECK_INT(parse(""), 0);
	CHECK_STR(render(e, 1, true),
		  "{\"time\":\"00:00:00\",\"comm\":\"cc1\",\"tid\":12924,\"lat_us\":12739}\n");
	return check_result("test_runqslower");
}
