/* Unit tests of offcputime's options (BCC's flags and their exclusions), header and cflags. */
#include "check.h"
#include "tracebox.h"

#define TB_NO_MAIN
#include "../../frontends/offcputime.c"

const char tb_bpf_offcputime[] = "";
const char tb_bpf_offcputime_name[] = "offcputime.bpf.c";

static int parse(const char *line)
{
	char *argv[CHECK_MAX_ARGS];

	env = (struct env){ .pid = -1, .tid = -1, .stack_storage = 16384, .min_us = 1, .state = -1 };
	return tb_tool_parse(&tool, check_argv("offcputime", line, argv), argv);
}

int main(void)
{
	struct tb_cflags cf = { 0 };

	tb_log_set_tool("test_offcputime");
	CHECK(rejected("-p 1 -t 2"));
	CHECK(rejected("-u -k"));
	CHECK(rejected("-p 1 -u"));
	CHECK(rejected("-U -K"));
	CHECK(rejected("-k -U"));
	CHECK(rejected("-m 0"));
	CHECK(rejected("-m 100 -M 10"));
	CHECK(rejected("--state -1"));
	CHECK(rejected("--stack-storage-size 0"));
	CHECK(rejected("1 2"));
	CHECK(rejected("0"));

	CHECK_INT(parse("-p 185 -K -f -m 1000 -M 10000 --state 2 --stack-storage-size 1024 5"), 0);
	CHECK_INT(env.pid, 185);
	CHECK(env.kernel_only && env.folded && !env.user_only);
	CHECK_INT(env.duration_ms, 5000);
	CHECK_INT(build_cflags(&cf, true), 0);
	CHECK(has_flag(&cf, "-DSTACK_STORAGE_SIZE=1024"));
	CHECK(has_flag(&cf, "-DMIN_BLOCK_US=1000ULL"));
	CHECK(has_flag(&cf, "-DMAX_BLOCK_US=10000ULL"));
	CHECK(has_flag(&cf, "-DTARG_TGID=185"));
	CHECK(has_flag(&cf, "-DTARG_STATE=2"));
	CHECK(has_flag(&cf, "-DKERNEL_STACKS=1"));
	CHECK(!has_flag(&cf, "-DUSER_STACKS=1"));
	CHECK(!has_flag(&cf, "-DTB_USE_TRACEPOINTS=1"));
	tb_cflags_free(&cf);

	/* the defaults: both stacks, no state, no upper bound; the fallback's flag; -t, -u */
	CHECK_INT(parse("-t 7 -d"), 0);
	CHECK_INT(build_cflags(&cf, false), 0);
	CHECK(has_flag(&cf, "-DTB_USE_TRACEPOINTS=1"));
	CHECK(has_flag(&cf, "-DTARG_PID=7"));
	CHECK(has_flag(&cf, "-DMIN_BLOCK_US=1ULL"));
	CHECK(has_flag(&cf, "-DUSER_STACKS=1") && has_flag(&cf, "-DKERNEL_STACKS=1"));
	for (int i = 0; i < cf.n; i++)
		CHECK(strncmp(cf.argv[i], "-DMAX_BLOCK_US", 14) && strncmp(cf.argv[i], "-DTARG_STATE", 12));
	tb_cflags_free(&cf);
	CHECK_INT(parse("-u --state 0"), 0);
	CHECK_INT(build_cflags(&cf, true), 0);
	CHECK(has_flag(&cf, "-DUSER_THREADS_ONLY=1") && has_flag(&cf, "-DTARG_STATE=0"));
	tb_cflags_free(&cf);
	return check_result("test_offcputime");
}
