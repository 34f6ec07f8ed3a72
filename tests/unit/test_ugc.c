/* Unit tests of ugc: BCC's flags (-l, -m, -M, -F, PID) and the GC descriptions per runtime. */
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "tracebox.h"

#define TB_NO_MAIN
#include "../../frontends/ugc.c"

/* ugc.c declares its embedded BPF source; the unit test does not compile BPF */
const char tb_bpf_ugc[] = "";
const char tb_bpf_ugc_name[] = "ugc.bpf.c";

static int parse(const char *line)
{
	char *argv[CHECK_MAX_ARGS];

	env.pid = -1; /* as at start-up */
	return tb_tool_parse(&tool, check_argv("ugc", line, argv), argv);
}

static int parse_javagc(const char *line)
{
	char *argv[CHECK_MAX_ARGS];

	env = (struct env){ .pid = -1 };
	return tb_tool_parse(&tool, check_argv("javagc", line, argv), argv);
}

int main(void)
{
	struct ugc_event e = { 0 };
	char desc[256], *argv[CHECK_MAX_ARGS];

	CHECK_INT(parse("-l java -m -M 10 -F Eden 185"), 0);
	CHECK_STR(env.lang->name, "java");
	CHECK(env.ms);
	CHECK(env.min_ns == 10000000LL);
	CHECK_STR(env.filter, "Eden");
	CHECK_INT(env.pid, 185);
	CHECK(rejected(""));               /* the pid is required */
	CHECK(rejected("-l cobol 1"));
	CHECK(rejected("-M x 1"));
	CHECK(rejected("1 2"));
	CHECK(rejected("0"));
	/* invoked as javagc (BCC's: ugc -l java), with libbpf-tools' -p and -t too */
	env = (struct env){ .pid = -1 };
	CHECK_INT(tb_tool_parse(&tool, check_argv("javagc", "-p 185 -t 100", argv), argv), 0);
	CHECK(env.javagc);
	CHECK_STR(env.lang->name, "java");
	CHECK_INT(env.pid, 185);
	CHECK(env.min_ns == 100000LL);
	env = (struct env){ .pid = -1 };
	CHECK_INT(tb_tool_parse(&tool, check_argv("/usr/sbin/javagc", "-M 2 186", argv), argv), 0);
	CHECK(env.javagc && env.pid == 186 && env.min_ns == 2000000LL);
	CHECK(check_rejected(parse_javagc, "185 -p 186")); /* one PID */
	CHECK(check_rejected(parse_javagc, "-t x 1"));

	e.kind = TB_UGC_PYTHON;
	e.field1 = 2;
	e.field2 = 100;
	describe(desc, sizeof(desc), &e);
	CHECK_STR(desc, "gen 2 GC collected 100 objects");
	e = (struct ugc_event){ .kind = TB_UGC_JAVA_POOL, .field1 = 10, .field2 = 99, .field3 = 4,
				.field4 = 98 };
	memcpy(e.string1, "G1 Old Generation", 17);
	/* a name of the full 32 bytes has no NUL: it must not run into the next field */
	memset(e.string2, 'x', sizeof(e.string2));
	describe(desc, sizeof(desc), &e);
	CHECK_STR(desc, "G1 Old Generation xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx used=10->4 max=99->98");
	e = (struct ugc_event){ .kind = TB_UGC_NODE, .field1 = 1 | 4 };
	describe(desc, sizeof(desc), &e);
	CHECK_STR(desc, "GC scavenge, GC incremental mark");
	e.kind = TB_UGC_JAVA_GC;
	describe(desc, sizeof(desc), &e);
	CHECK_STR(desc, "no additional info available");
	e.kind = TB_UGC_RUBY_SWEEP;
	describe(desc, sizeof(desc), &e);
	CHECK_STR(desc, "GC sweep stage");
	return check_result("test_ugc");
}
