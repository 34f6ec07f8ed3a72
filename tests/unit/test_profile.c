/* Unit tests of profile's options (BCC's flags) and its cflags. */
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "tracebox.h"

#define TB_NO_MAIN
#include "../../frontends/profile.c"

const char tb_bpf_profile[] = "";
const char tb_bpf_profile_name[] = "profile.bpf.c";

static int parse(const char *line)
{
	char *argv[CHECK_MAX_ARGS];

	return tb_tool_parse(&tool, check_argv("profile", line, argv), argv);
}

int main(void)
{
	struct tb_cflags cf = { 0 };

	CHECK(parse("-p 12,13 -U -f -d -a -I --stack-storage-size 1024 -F 99 5") == 0);
	CHECK_INT(env.nids, 2);
	CHECK(!env.by_tid && env.user_only && env.folded && env.delimiter && env.annotations);
	CHECK_INT(env.freq, 99);
	CHECK_INT(env.duration_ms, 5000);
	CHECK(build_cflags(&cf) == 0);
	CHECK(has_flag(&cf, "-DTB_PID_FILTER=(tgid==12||tgid==13)"));
	CHECK(has_flag(&cf, "-DUSER_STACKS=1") && !has_flag(&cf, "-DKERNEL_STACKS=1"));
	CHECK(has_flag(&cf, "-DINCLUDE_IDLE=1") && has_flag(&cf, "-DSTACK_STORAGE_SIZE=1024"));
	tb_cflags_free(&cf);

	CHECK(rejected("-U -K"));
	CHECK(rejected("-p 1 -L 2"));
	CHECK(rejected("-F 99 -c 1000"));
	CHECK(rejected("-p abc"));
	CHECK(rejected("-p 1,,x"));
	CHECK(rejected("1 2"));
	CHECK(rejected("-C 100000"));
	CHECK(rejected("--stack-storage-size 0"));
	return check_result("test_profile");
}
