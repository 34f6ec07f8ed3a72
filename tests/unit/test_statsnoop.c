/* Unit tests of statsnoop: BCC's flags, the syscall names of -s, and its lines against BCC's
 * own printf formats. */
#include "check.h"
#include "tracebox.h"

#define TB_NO_MAIN
#include "../../frontends/statsnoop.c"

const char tb_bpf_statsnoop[] = "";
const char tb_bpf_statsnoop_name[] = "statsnoop.bpf.c";

static int parse(const char *line)
{
	char *argv[CHECK_MAX_ARGS];

	return tb_tool_parse(&tool, check_argv("statsnoop", line, argv), argv);
}

/* The header and one line per event, as the tool prints them (text or --json). */
static const char *render(const struct statsnoop_event *e, int n, bool json)
{
	static char text[4096];
	FILE *fp = CHECK_OUTPUT_OPEN(&out, text, select_columns, json);

	for (int i = 0; i < n; i++)
		print_event(&e[i]);
	fclose(fp);
	return text;
}

int main(void)
{
	struct statsnoop_event e[] = {
		{ .ts = 5000000000ull, .pid = 31126, .ret = 0, .call = TB_STATSNOOP_NEWFSTATAT,
		  .comm = "bash", .name = "." },
		{ .ts = 5250000001ull, .pid = 31126, .ret = -2, .call = TB_STATSNOOP_STATX,
		  .comm = "bash", .name = "/usr/local/sbin/iconfig" },
		{ .ts = 6000000000ull, .pid = 8902, .ret = -13, .call = TB_STATSNOOP_NCALLS,
		  .comm = "command-not-fou" },
	};
	char want[2048];

	CHECK_INT(parse("-t -s -x -p 181"), 0);
	CHECK(env.timestamp && env.sysname && env.failed);
	CHECK_INT(env.pid, 181);
	CHECK_INT(parse("--timestamp --sysname --failed --pid 7"), 0);
	CHECK_INT(env.pid, 7);
	CHECK(rejected("-p 0"));
	CHECK(rejected("-p abc"));
	CHECK(rejected("-T"));
	CHECK(rejected("extra"));

	CHECK_STR(call_name(TB_STATSNOOP_STATFS), "statfs");
	CHECK_STR(call_name(TB_STATSNOOP_NEWLSTAT), "newlstat");
	CHECK_STR(call_name(0), "N/A");
	CHECK_STR(call_name(TB_STATSNOOP_NCALLS), "N/A");

	/* BCC: "%-7s %-16s %4s %3s" + " %s" */
	env = (struct env){ .pid = -1 };
	snprintf(want, sizeof(want), "%-7s %-16s %4s %3s %s\n%-7d %-16s %4d %3d %s\n"
		 "%-7d %-16s %4d %3d %s\n%-7d %-16s %4d %3d %s\n",
		 "PID", "COMM", "FD", "ERR", "PATH",
		 31126, "bash", 0, 0, ".", 31126, "bash", -1, 2, "/usr/local/sbin/iconfig",
		 8902, "command-not-fou", -1, 13, "");
	CHECK_STR(render(e, 3, false), want);

	/* -t -s: BCC's "%-14.9f" then " %-12s" before the path (first event at 0); -x drops
	 * the success an edited program might send */
	env = (struct env){ .pid = -1, .timestamp = true, .sysname = true, .failed = true };
	snprintf(want, sizeof(want), "%-14s%-7s %-16s %4s %3s %-12s %s\n"
		 "%-14.9f%-7d %-16s %4d %3d %-12s %s\n%-14.9f%-7d %-16s %4d %3d %-12s %s\n",
		 "TIME(s)", "PID", "COMM", "FD", "ERR", "SYSCALL", "PATH",
		 0.0, 31126, "bash", -1, 2, "statx", "/usr/local/sbin/iconfig",
		 0.749999999, 8902, "command-not-fou", -1, 13, "N/A", "");
	CHECK_STR(render(e, 3, false), want);

	env = (struct env){ .pid = -1, .sysname = true };
	CHECK_STR(render(e + 1, 1, true),
		  "{\"pid\":31126,\"comm\":\"bash\",\"fd\":-1,\"err\":2,\"syscall\":\"statx\","
		  "\"path\":\"/usr/local/sbin/iconfig\"}\n");
	return check_result("test_statsnoop");
}
