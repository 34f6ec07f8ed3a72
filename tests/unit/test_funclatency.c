/* Unit tests of funclatency's options (units, sections, -i/-d), the program it writes from a
 * pattern (this test's own functions) and its section labels. */
#include "check.h"
#include "tracebox.h"

#include "../../frontends/funclatency.c"

const char tb_bpf_funclatency[] = "// the fixed part\n";
const char tb_bpf_funclatency_name[] = "funclatency.bpf.c";

__attribute__((noinline)) int unit_fl_a(int x) { return x + 1; }
__attribute__((noinline)) int unit_fl_b(int x) { return x * 3; }

static int parse(const char *line)
{
	char *argv[CHECK_MAX_ARGS];

	env = (struct env){ .pid = -1 };
	interval.interval_ms = interval.count = 0;
	return tb_tool_parse(&tool, check_argv("funclatency", line, argv), argv);
}

int main(void)
{
	struct tb_cflags cf = { 0 };
	struct tb_hist_label l;
	uint64_t key[2] = { 1, 42 };
	const char *text;

	tb_log_set_tool("test_funclatency");
	CHECK(rejected(""));
	CHECK(rejected("c:read c:write"));
	CHECK(rejected("-i x c:read"));
	CHECK(rejected("-p abc c:read"));

	CHECK_INT(parse("c:read"), 0);
	CHECK_STR(unit(), "nsecs");
	CHECK_INT(parse("-u c:read"), 0);
	CHECK_STR(unit(), "usecs");
	CHECK_INT(divisor(), 1000);
	CHECK_INT(parse("-u -m -d 4 c:read"), 0); /* -m wins, as in BCC */
	CHECK_STR(unit(), "msecs");
	CHECK_INT(divisor(), 1000000);
	CHECK_INT(interval.interval_ms, 4000);
	CHECK_INT(interval.count, 1);

	/* user functions: a histogram per function and process, one for all with -p alone */
	CHECK_INT(parse("-p 1 -i 1 /proc/self/exe:unit_fl_?"), 0);
	text = generate();
	CHECK(text != NULL);
	CHECK_INT(funcs.n, 2);
	CHECK(!sectioned());
	CHECK_STR(banner, "2 functions for \"/proc/self/exe:unit_fl_?\"");
	CHECK(text && strstr(text, "// unit_fl_b\nint trace_func_entry_1(struct pt_regs *ctx)\n"));
	CHECK(text && !strncmp(text, "// the fixed part\n", 18));
	CHECK_INT(prepare(&cf), 0);
	CHECK(has_flag(&cf, "-DTARG_PID=1"));
	CHECK(has_flag(&cf, "-DFACTOR=1"));
	CHECK(!has_flag(&cf, "-DSECTIONS=1"));
	tb_cflags_free(&cf);
	env.per_func = true;
	CHECK(sectioned());
	env.per_func = false;
	env.pid = -1;
	CHECK(sectioned());
	CHECK_INT(prepare(&cf), 0);
	CHECK(has_flag(&cf, "-DSECTIONS=1") && has_flag(&cf, "-DSECTION_PID=1"));
	tb_cflags_free(&cf);

	/* BCC's "Function = name [pid]" */
	func_label(key, sizeof(key), &l, NULL);
	CHECK_STR(l.text, "unit_fl_b [42]");
	CHECK_STR(l.json, "{\"func\":\"unit_fl_b\",\"pid\":42}");
	cleanup();
	return check_result("test_funclatency") || unit_fl_a(1) + unit_fl_b(1) != 5;
}
