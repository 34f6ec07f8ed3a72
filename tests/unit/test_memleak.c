/* Unit tests of memleak's options (BCC's flags) and its cflags. */
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "tracebox.h"

#define TB_NO_MAIN
#include "../../frontends/memleak.c"

const char tb_bpf_memleak[] = "";
const char tb_bpf_memleak_name[] = "memleak.bpf.c";

static int parse(const char *line)
{
	char *argv[CHECK_MAX_ARGS];

	return tb_tool_parse(&tool, check_argv("memleak", line, argv), argv);
}

int main(void)
{
	struct tb_cflags cf = { 0 };

	/* defaults as BCC: interval 5 s, top 10, older than 500 ms, kernel mode */
	CHECK(parse("") == 0);
	CHECK_INT(env.interval_ms, 5000);
	CHECK_INT(env.top, 10);
	CHECK_INT(env.older_ms, 500);
	CHECK(kernel_mode());
	CHECK(build_cflags(&cf) == 0);
	CHECK(has_flag(&cf, "-DKERNEL_TRACE=1") && has_flag(&cf, "-DSTACK_FLAGS=0"));
	tb_cflags_free(&cf);

	CHECK(parse("-p 42 -a -o 100 -s 3 -T 4 -z 16 -Z 4096 2 7") == 0);
	CHECK(!kernel_mode() && env.show_allocs);
	CHECK_INT(env.pid, 42);
	CHECK_INT(env.interval_ms, 2000);
	CHECK_INT(env.count, 7);
	CHECK(build_cflags(&cf) == 0);
	CHECK(has_flag(&cf, "-DMIN_SIZE=16ull") && has_flag(&cf, "-DMAX_SIZE=4096ull"));
	CHECK(has_flag(&cf, "-DSAMPLE_EVERY_N=3ull") && !has_flag(&cf, "-DKERNEL_TRACE=1"));
	tb_cflags_free(&cf);

	/* the other BCC flags and the cflags they select */
	env = (struct env){ .pid = -1, .older_ms = 500, .sample_rate = 1, .min_size = -1,
			    .max_size = -1, .top = 10, .interval_ms = 5000, .sym_prefix = "" };
	CHECK(parse("-p 7 --combined-only -O jemalloc --symbols-prefix je_ --sort count") == 0);
	CHECK(env.combined_only && env.sort_by_count);
	CHECK_STR(env.obj, "jemalloc");
	CHECK_STR(env.sym_prefix, "je_");
	CHECK(build_cflags(&cf) == 0);
	CHECK(has_flag(&cf, "-DCOMBINED=1") && !has_flag(&cf, "-DTRACE_ALL=1"));
	tb_cflags_free(&cf);
	env.pid = -1; env.obj = NULL; env.sym_prefix = ""; env.combined_only = false;
	CHECK(parse("--percpu -t") == 0);
	CHECK(build_cflags(&cf) == 0);
	CHECK(has_flag(&cf, "-DPERCPU_TRACE=1") && has_flag(&cf, "-DTRACE_ALL=1"));
	CHECK(!has_flag(&cf, "-DHAVE_NODE_TPS=1"));
	tb_cflags_free(&cf);
	env.percpu = false;
	CHECK(parse("--wa-missing-free") == 0);
	CHECK(build_cflags(&cf) == 0);
	CHECK(has_flag(&cf, "-DWA_MISSING_FREE=1") && has_flag(&cf, "-DKERNEL_TRACE=1"));
	tb_cflags_free(&cf);

	CHECK(rejected("--percpu -p 1"));
	CHECK(rejected("--wa-missing-free -p 1"));
	CHECK(rejected("--percpu --wa-missing-free"));
	CHECK(rejected("-O c"));
	CHECK(rejected("--symbols-prefix je_"));
	CHECK(rejected("--combined-only -a -p 1"));
	CHECK(rejected("-t --json"));
	CHECK(rejected("-t --combined-only -p 1"));
	CHECK(rejected("--sort time"));
	CHECK(rejected("-p 1 -c ls"));
	CHECK(rejected("-z 10 -Z 5"));
	CHECK(rejected("-p x"));
	CHECK(rejected("-s 0"));
	CHECK(rejected("-T 0"));
	CHECK(rejected("1 2 3"));
	CHECK(rejected("0"));
	return check_result("test_memleak");
}
