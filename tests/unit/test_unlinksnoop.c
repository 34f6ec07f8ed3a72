/* Unit tests of unlinksnoop's options and the loader's --attach method names. */
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "tracebox.h"

#define TB_NO_MAIN
#include "../../frontends/unlinksnoop.c"

/* unlinksnoop.c declares its embedded BPF source; the unit test does not compile BPF */
const char tb_bpf_unlinksnoop[] = "";
const char tb_bpf_unlinksnoop_name[] = "unlinksnoop.bpf.c";

static int parse(const char *line)
{
	char *argv[CHECK_MAX_ARGS];

	return tb_tool_parse(&tool, check_argv("unlinksnoop", line, argv), argv);
}

int main(void)
{
	enum tb_attach_method m;

	CHECK_INT(tb_parse_attach_method("fentry", 0, &m), 0);
	CHECK(m == TB_ATTACH_FENTRY);
	CHECK_INT(tb_parse_attach_method("tracepoint", 0, &m), 0);
	CHECK(m == TB_ATTACH_TRACEPOINT);
	CHECK_INT(tb_parse_attach_method("kprobes", 0, &m), -1);
	CHECK_STR(tb_attach_method_name(TB_ATTACH_KPROBE), "kprobe");
	CHECK_STR(tb_attach_method_name(TB_ATTACH_AUTO), "auto");
	CHECK_STR(tb_attach_method_cflag(TB_ATTACH_FENTRY), "-DTB_USE_FENTRY");

	CHECK(env.time_mode == TB_TIME_CLOCK && env.attach == TB_ATTACH_AUTO);
	CHECK_INT(parse("-x -t -U -p 7 --attach kprobe"), 0);
	CHECK(env.failed && env.print_uid);
	CHECK(env.time_mode == TB_TIME_RELATIVE);
	CHECK_INT(env.pid, 7);
	CHECK(env.attach == TB_ATTACH_KPROBE);
	CHECK_INT(parse("-T --attach=auto"), 0);
	CHECK(env.time_mode == TB_TIME_CLOCK && env.attach == TB_ATTACH_AUTO);

	CHECK(rejected("--attach uprobe"));
	CHECK(rejected("-p 0"));
	CHECK(rejected("-p 12x"));
	CHECK(rejected("file"));
	return check_result("test_unlinksnoop");
}
