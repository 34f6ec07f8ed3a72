/* Unit tests of bootstrap's -d flag and its lines against libbpf-bootstrap's printf formats. */
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "tracebox.h"

#define TB_NO_MAIN
#include "../../frontends/bootstrap.c"

const char tb_bpf_bootstrap[] = "";
const char tb_bpf_bootstrap_name[] = "bootstrap.bpf.c";

static int parse(const char *line)
{
	char *argv[CHECK_MAX_ARGS];

	return tb_tool_parse(&tool, check_argv("bootstrap", line, argv), argv);
}

/* The event's line without the leading "HH:MM:SS " (wall clock). */
static const char *render(const struct bootstrap_event *e)
{
	static char text[1024];
	FILE *fp = fmemopen(text, sizeof(text), "w");

	tb_output_init(&out_exec, fp, text_columns, 5, false, TB_TIME_CLOCK);
	tb_output_init(&out_exit, fp, text_columns, 5, false, TB_TIME_CLOCK);
	print_event(e);
	fclose(fp);
	return text + 9;
}

int main(void)
{
	struct bootstrap_event e = { .pid = 10, .ppid = 1, .comm = "sh", .filename = "/bin/sh" };
	char want[512];

	CHECK_INT(parse("-d 250"), 0);
	CHECK_INT(env.min_duration_ms, 250);
	CHECK(rejected("-d 0"));
	CHECK(rejected("-d x"));
	CHECK(rejected("unexpected"));

	/* libbpf-bootstrap: "%-8s %-5s %-16s %-7d %-7d %s" and "... [%u]" + " (%llums)" */
	snprintf(want, sizeof(want), "%-5s %-16s %-7d %-7d %s\n", "EXEC", "sh", 10, 1, "/bin/sh");
	CHECK_STR(render(&e), want);
	e.exit_event = 1;
	e.exit_code = 3;
	e.duration_ns = 1234567890ull;
	snprintf(want, sizeof(want), "%-5s %-16s %-7d %-7d [%u] (%llums)\n", "EXIT", "sh", 10, 1,
		 3u, 1234ull);
	CHECK_STR(render(&e), want);
	e.duration_ns = 0;
	snprintf(want, sizeof(want), "%-5s %-16s %-7d %-7d [%u]\n", "EXIT", "sh", 10, 1, 3u);
	CHECK_STR(render(&e), want);
	return check_result("test_bootstrap");
}
