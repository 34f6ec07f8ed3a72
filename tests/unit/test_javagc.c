/* Unit tests of javagc's flags (libbpf-tools'): -p required, -t bounded. */
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "tracebox.h"

#define TB_NO_MAIN
#include "../../frontends/javagc.c"

/* javagc.c declares its embedded BPF source; the unit test does not compile BPF */
const char tb_bpf_javagc[] = "";
const char tb_bpf_javagc_name[] = "javagc.bpf.c";

static int parse(const char *line)
{
	char *argv[CHECK_MAX_ARGS];

	env.pid = -1; /* as at start-up */
	return tb_tool_parse(&tool, check_argv("javagc", line, argv), argv);
}

int main(void)
{
	CHECK_INT(env.min_us, 1000); /* libbpf-tools' default */
	CHECK_INT(parse("-p 185 -t 100"), 0);
	CHECK_INT(env.pid, 185);
	CHECK_INT(env.min_us, 100);
	CHECK_INT(parse("-p 1 -t 0"), 0);
	CHECK_INT(env.min_us, 0);
	CHECK(rejected(""));          /* -p is required */
	CHECK(rejected("-t 10"));
	CHECK(rejected("-p 0"));
	CHECK(rejected("-p 1 -t -5"));
	CHECK(rejected("-p 1 extra"));
	return check_result("test_javagc");
}
