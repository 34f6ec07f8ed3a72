/* Unit tests of wakeuptime's options (BCC's flags, -p and -u exclusive, block time bounds) and
 * the cflags they give on both paths. */
#include "check.h"
#include "tracebox.h"

#include "../../frontends/wakeuptime.c"

const char tb_bpf_wakeuptime[] = "";
const char tb_bpf_wakeuptime_name[] = "wakeuptime.bpf.c";

static int parse(const char *line)
{
	char *argv[CHECK_MAX_ARGS];

	env = (struct env){ .pid = -1, .stack_storage = TB_WAKEUPTIME_STACKS, .min_us = 1 };
	return tb_tool_parse(&tool, check_argv("wakeuptime", line, argv), argv);
}

int main(void)
{
	struct tb_cflags cf = { 0 };

	tb_log_set_tool("test_wakeuptime");
	CHECK(rejected("-p 1 -u"));          /* BCC: "use either -p or -u" */
	CHECK(rejected("-p 0"));
	CHECK(rejected("-m 0"));
	CHECK(rejected("-m 100 -M 10"));
	CHECK(rejected("--stack-storage-size 0"));
	CHECK(rejected("0"));
	CHECK(rejected("1 2"));
	CHECK(rejected("-t 1"));             /* BCC's wakeuptime has no -t */

	/* BCC's defaults: 1024 stacks, blocks of 1 us and more, no upper bound, until Ctrl-C */
	CHECK_INT(parse(""), 0);
	CHECK(env.pid < 0 && !env.user_threads && !env.folded && !env.duration_ms);
	CHECK_INT(build_cflags(&cf, true), 0);
	CHECK(has_flag(&cf, "-DSTACK_STORAGE_SIZE=1024"));
	CHECK(has_flag(&cf, "-DMIN_BLOCK_US=1ULL"));
	CHECK(!has_flag(&cf, "-DTB_USE_TRACEPOINTS=1"));
	for (int i = 0; i < cf.n; i++)
		CHECK(strncmp(cf.argv[i], "-DMAX_BLOCK_US", 14) && strncmp(cf.argv[i], "-DTARG_TGID", 11) &&
		      strncmp(cf.argv[i], "-DUSER_THREADS_ONLY", 19));
	tb_cflags_free(&cf);

	CHECK_INT(parse("-p 185 -f -m 1000 -M 10000 --stack-storage-size 4096 5"), 0);
	CHECK_INT(env.pid, 185);
	CHECK(env.folded);
	CHECK_INT(env.duration_ms, 5000);
	CHECK_INT(build_cflags(&cf, false), 0);
	CHECK(has_flag(&cf, "-DTB_USE_TRACEPOINTS=1")); /* -p works on the fallback too */
	CHECK(has_flag(&cf, "-DTARG_TGID=185"));
	CHECK(has_flag(&cf, "-DSTACK_STORAGE_SIZE=4096"));
	CHECK(has_flag(&cf, "-DMIN_BLOCK_US=1000ULL"));
	CHECK(has_flag(&cf, "-DMAX_BLOCK_US=10000ULL"));
	tb_cflags_free(&cf);

	CHECK_INT(parse("--useronly --folded --min-block-time 5"), 0);
	CHECK(env.user_threads && env.folded);
	CHECK_INT(build_cflags(&cf, true), 0);
	CHECK(has_flag(&cf, "-DUSER_THREADS_ONLY=1") && has_flag(&cf, "-DMIN_BLOCK_US=5ULL"));
	tb_cflags_free(&cf);
	CHECK_INT(parse("-v"), 0);           /* BCC's -v (raw addresses, always shown): the loader's */
	CHECK_INT(tb_common.verbosity, 1);
	return check_result("test_wakeuptime");
}
