/* Unit tests of option parsing: the shared number parsers and execsnoop's flags (BCC's). */
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "tracebox.h"

#define TB_NO_MAIN
#include "../../frontends/execsnoop.c"

/* execsnoop.c declares its embedded BPF source; the unit test does not compile BPF */
const char tb_bpf_execsnoop[] = "";
const char tb_bpf_execsnoop_name[] = "execsnoop.bpf.c";

static int parse(const char *line)
{
	char *argv[CHECK_MAX_ARGS];

	return tb_tool_parse(&tool, check_argv("execsnoop", line, argv), argv);
}

int main(void)
{
	long v;
	int i;

	CHECK_INT(tb_parse_long("42", 0, 100, "n", &v), 0);
	CHECK_INT(v, 42);
	CHECK_INT(tb_parse_long("101", 0, 100, "n", &v), -1);
	CHECK_INT(tb_parse_long("4x", 0, 100, "n", &v), -1);
	CHECK_INT(tb_parse_long("", 0, 100, "n", &v), -1);
	CHECK_INT(tb_parse_long("-1", 0, 100, "n", &v), -1);
	CHECK_INT(tb_parse_int("99999999999", 0, 1 << 30, "n", &i), -1);
	CHECK_INT(tb_parse_seconds("0.5", 10, "d", &v), 0);
	CHECK_INT(v, 500);
	CHECK_INT(tb_parse_seconds("0", 10, "d", &v), -1);
	CHECK_INT(tb_parse_seconds("11", 10, "d", &v), -1);

	CHECK_INT(parse("-T -x -U -q --max-args 7 -u 0 -P 1 -n sh -l tmp"), 0);
	CHECK(env.time_mode == TB_TIME_CLOCK);
	CHECK(env.fails && env.print_uid && env.quote);
	CHECK_INT(env.max_args, 7);
	CHECK_INT(env.uid, 0);
	CHECK_INT(env.ppid, 1);
	CHECK_STR(env.name, "sh");
	CHECK_STR(env.line, "tmp");
	CHECK_INT(parse("-t -u root --json -v --perf-pages 16 --wakeup 1"), 0);
	CHECK(env.time_mode == TB_TIME_RELATIVE);
	CHECK_INT(env.uid, 0); /* "root" is looked up */
	CHECK(tb_common.json);
	CHECK_INT(tb_common.perf_pages, 16);
	CHECK_INT(tb_common.wakeup_events, 1);

	CHECK(rejected("--max-args 0"));
	CHECK(rejected("--max-args 61"));
	CHECK(rejected("-u no-such-user-tb"));
	CHECK(rejected("-P -5"));
	CHECK(rejected("-n ("));
	CHECK(rejected("--perf-pages 3"));
	CHECK(rejected("unexpected"));
	return check_result("test_options");
}
