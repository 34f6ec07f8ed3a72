/* Unit tests of funccount's options (BCC's flags, -i/-d) and the program it writes from a
 * pattern (matched against this test's own functions: no root, no kernel). */
#include "check.h"
#include "tracebox.h"

#include "../../frontends/funccount.c"

const char tb_bpf_funccount[] = "// the fixed part\n";
const char tb_bpf_funccount_name[] = "funccount.bpf.c";

/* what the pattern below matches: two functions of this binary */
__attribute__((noinline)) int unit_fc_alpha(int x) { return x + 1; }
__attribute__((noinline)) int unit_fc_beta(int x) { return x * 3; }

static int parse(const char *line)
{
	char *argv[CHECK_MAX_ARGS];

	env = (struct env){ .pid = -1, .cpu = -1 };
	interval.interval_ms = interval.count = 0;
	return tb_tool_parse(&tool, check_argv("funccount", line, argv), argv);
}

int main(void)
{
	struct tb_cflags cf = { 0 };
	struct row rows[] = { { 0, 5 }, { 1, 2 }, { 2, 5 }, { 3, 1 } };
	const char *text;

	tb_log_set_tool("test_funccount");
	CHECK(rejected(""));
	CHECK(rejected("a b"));
	CHECK(rejected("-i 0 c:malloc"));
	CHECK(rejected("-d x c:malloc"));
	CHECK(rejected("-c 99999 c:malloc"));
	CHECK(rejected("-p 0 c:malloc"));

	/* -d alone: one output after DURATION; with -i, outputs until DURATION has passed */
	CHECK_INT(parse("-d 3 c:malloc"), 0);
	CHECK_INT(interval.interval_ms, 3000);
	CHECK_INT(interval.count, 1);
	CHECK_INT(parse("-i 2 -d 5 c:malloc"), 0);
	CHECK_INT(interval.interval_ms, 2000);
	CHECK_INT(interval.count, 3);
	CHECK_INT(parse("-D c:malloc"), 0);
	CHECK(tb_common.dump_bpf);

	CHECK_INT(parse("-T -r -c 0 -p 1 /proc/self/exe:^unit_fc_"), 0);
	CHECK(interval.timestamp && env.regex);
	CHECK_INT(interval.count, 0);
	text = generate();
	CHECK(text != NULL);
	CHECK_INT(ntargets, 2);
	CHECK_STR(banner, "2 functions for \"/proc/self/exe:^unit_fc_\"");
	CHECK(text && !strncmp(text, "// the fixed part\n", 18));
	CHECK(text && strstr(text, "// /proc/self/exe:unit_fc_alpha\nint trace_count_0(void *ctx)\n"));
	CHECK(text && strstr(text, "// /proc/self/exe:unit_fc_beta\nint trace_count_1(void *ctx)\n"));
	CHECK(text && !strstr(text, "trace_count_2"));
	CHECK_INT(prepare(&cf), 0);
	CHECK(has_flag(&cf, "-DNPROBES=2"));
	CHECK(has_flag(&cf, "-DTARG_PID=1"));
	CHECK(has_flag(&cf, "-DTARG_CPU=0"));
	tb_cflags_free(&cf);

	/* BCC's order: smallest count first, ties in probe order */
	qsort(rows, 4, sizeof(rows[0]), by_count);
	CHECK(rows[0].loc == 3 && rows[1].loc == 1 && rows[2].loc == 0 && rows[3].loc == 2);
	cleanup();
	return check_result("test_funccount") || unit_fc_alpha(1) + unit_fc_beta(1) != 5;
}
