/* Unit tests of cpudist's options (BCC's flags), its banner and its cflags. */
#include "check.h"
#include "tracebox.h"

#define TB_NO_MAIN
#include "../../frontends/cpudist.c"

const char tb_bpf_cpudist[] = "";
const char tb_bpf_cpudist_name[] = "cpudist.bpf.c";

static int parse(const char *line)
{
	char *argv[CHECK_MAX_ARGS];

	return tb_tool_parse(&tool, check_argv("cpudist", line, argv), argv);
}

int main(void)
{
	struct tb_cflags cf = { 0 };
	char want[64];

	tb_log_set_tool("test_cpudist");
	CHECK(rejected("-P -L"));
	CHECK(rejected("-p 0"));
	CHECK(rejected("-p x"));
	CHECK(rejected("0"));
	CHECK(rejected("1 2 3"));
	CHECK(rejected("-X"));

	CHECK_INT(parse("-mT -P -p 185 1 10"), 0);
	CHECK_STR(banner, "on-CPU time");
	CHECK(env.milliseconds && interval.timestamp && !env.offcpu && !env.idle);
	CHECK_INT(env.section, TB_CPUDIST_PID);
	CHECK_INT(env.pid, 185);
	CHECK_INT(interval.interval_ms, 1000);
	CHECK_INT(interval.count, 10);
	CHECK_INT(build_cflags(&cf, true), 0);
	snprintf(want, sizeof(want), "-DMAX_PID=%ld", tb_proc_read_long("/proc/sys/kernel/pid_max", 32768));
	CHECK_STR(cf.argv[0], want);
	CHECK_STR(cf.argv[1], "-DTB_SECTION=1");
	CHECK_STR(cf.argv[2], "-DTARG_PID=185");
	CHECK_STR(cf.argv[3], "-DMILLISECONDS=1");
	CHECK_INT(cf.n, 4);
	tb_cflags_free(&cf);

	/* -O changes the banner; -I, -e, -L and the fallback's flag (from the defaults again) */
	env = (struct env){ .pid = -1 };
	CHECK_INT(parse("-O -I -e -L"), 0);
	CHECK_STR(banner, "off-CPU time");
	CHECK_INT(env.section, TB_CPUDIST_TID);
	CHECK_INT(build_cflags(&cf, false), 0);
	CHECK(has_flag(&cf, "-DTB_USE_TRACEPOINTS=1"));
	CHECK(has_flag(&cf, "-DTB_SECTION=2"));
	CHECK(has_flag(&cf, "-DOFFCPU=1"));
	CHECK(has_flag(&cf, "-DINCLUDE_IDLE=1"));
	CHECK(has_flag(&cf, "-DTB_EXTENSION=1"));
	CHECK(!has_flag(&cf, "-DMILLISECONDS=1"));
	tb_cflags_free(&cf);
	return check_result("test_cpudist");
}
