/* Unit tests of runqlat's options (BCC's flags) and its cflags. */
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "tracebox.h"

#define TB_NO_MAIN
#include "../../frontends/runqlat.c"

const char tb_bpf_runqlat[] = "";
const char tb_bpf_runqlat_name[] = "runqlat.bpf.c";

static int parse(const char *line)
{
	char *argv[CHECK_MAX_ARGS];

	return tb_tool_parse(&tool, check_argv("runqlat", line, argv), argv);
}

int main(void)
{
	struct tb_cflags cf = { 0 };
	struct tb_hist_label l;
	__u32 id = 1;
	char want[64];

	tb_log_set_tool("test_runqlat");
	CHECK(rejected("-P -L"));
	CHECK(rejected("-L --pidnss"));
	CHECK(rejected("-p 0"));
	CHECK(rejected("-p x"));
	CHECK(rejected("1 2 3"));
	CHECK_INT(parse("-mT -P -p 185 1 10"), 0);
	CHECK(env.milliseconds && interval.timestamp);
	CHECK_INT(env.section, TB_RUNQLAT_PID);
	CHECK_INT(env.pid, 185);
	CHECK_INT(interval.interval_ms, 1000);
	CHECK_INT(interval.count, 10);

	CHECK_INT(build_cflags(&cf, true), 0);
	snprintf(want, sizeof(want), "-DMAX_PID=%ld", tb_proc_read_long("/proc/sys/kernel/pid_max", 32768));
	CHECK_STR(cf.argv[0], want);
	CHECK_STR(cf.argv[1], "-DTB_SECTION=1");
	CHECK_STR(cf.argv[2], "-DTARG_PID=185");
	CHECK_STR(cf.argv[3], "-DMILLISECONDS=1");
	CHECK_INT(cf.n, 4);
	tb_cflags_free(&cf);

	/* pid 1 exists everywhere: "pid = 1 <its comm>", and a JSON object with both */
	tb_hist_pid_label(&id, sizeof(id), &l, NULL);
	CHECK(!strncmp(l.text, "1 ", 2) && l.text[2]);
	CHECK(!strncmp(l.json, "{\"pid\":1,\"comm\":\"", 17));
	return check_result("test_runqlat");
}
