/* Unit tests of exitsnoop's flags (BCC's) and its lines against BCC's own printf formats. */
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "tracebox.h"

#define TB_NO_MAIN
#include "../../frontends/exitsnoop.c"

const char tb_bpf_exitsnoop[] = "";
const char tb_bpf_exitsnoop_name[] = "exitsnoop.bpf.c";

static int parse(const char *line)
{
	char *argv[CHECK_MAX_ARGS];

	return tb_tool_parse(&tool, check_argv("exitsnoop", line, argv), argv);
}

static const char *render(const struct exitsnoop_event *e)
{
	static char text[4096];
	FILE *fp = CHECK_OUTPUT_OPEN(&out, text, select_columns, false);

	print_event(e);
	fclose(fp);
	return text;
}

int main(void)
{
	struct exitsnoop_event e = { .start_time = 1000000000ull, .exit_time = 2250000000ull,
				     .pid = 42, .tid = 43, .ppid = 1, .exit_status = 9,
				     .comm = "sleep" };
	char want[1024];

	CHECK_INT(parse("--utc -p 5 -x --per-thread --label="), 0);
	CHECK(env.utc && env.timestamp && env.failed && env.per_thread);
	CHECK_INT(env.pid, 5);
	CHECK_STR(env.label, "exit");
	CHECK_INT(parse("--label=mine"), 0);
	CHECK_STR(env.label, "mine");
	CHECK(rejected("-p 0"));
	CHECK(rejected("-p abc"));
	CHECK(rejected("unexpected"));

	/* BCC: "%-16s %-7s %-7s %-7s %-7s %-10s" header, "%-16s %-7d %-7d %-7d %-7.2f " + code */
	env = (struct env){ .pid = -1 };
	snprintf(want, sizeof(want), "%-16s %-7s %-7s %-7s %-7s %s\n%-16s %-7d %-7d %-7d %-7.2f %s\n",
		 "PCOMM", "PID", "PPID", "TID", "AGE(s)", "EXIT_CODE",
		 "sleep", 42, 1, 43, 1.25, "signal 9 (KILL)");
	CHECK_STR(render(&e), want);

	/* --label: "%-6s" before PCOMM; exit codes as "code N" */
	env.label = "exit";
	e.exit_status = 3 << 8;
	snprintf(want, sizeof(want), "%-6s%-16s %-7s %-7s %-7s %-7s %s\n%-6s%-16s %-7d %-7d %-7d %-7.2f %s\n",
		 "LABEL", "PCOMM", "PID", "PPID", "TID", "AGE(s)", "EXIT_CODE",
		 "exit", "sleep", 42, 1, 43, 1.25, "code 3");
	CHECK_STR(render(&e), want);

	/* -t --utc: "TIME-UTC" and HH:MM:SS.mmm in "%-13s" */
	env = (struct env){ .pid = -1, .timestamp = true, .utc = true };
	set_time_title();
	e.exit_time = tb_monotonic_ns();
	e.start_time = e.exit_time;
	const char *text = render(&e);
	CHECK(!strncmp(text, "TIME-UTC     PCOMM ", 19));
	const char *line2 = strchr(text, '\n') + 1;
	CHECK(line2[2] == ':' && line2[5] == ':' && line2[8] == '.' && line2[12] == ' ');
	CHECK(strstr(line2, " 0.00    code 3\n") != NULL);
	return check_result("test_exitsnoop");
}
