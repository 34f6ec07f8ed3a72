/* Unit tests of tcpconnlat's flags: BCC's -t -p -L -4 -6 [min_ms], and --attach. */
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "tracebox.h"

#define TB_NO_MAIN
#include "../../frontends/tcpconnlat.c"

const char tb_bpf_tcpconnlat[] = "";
const char tb_bpf_tcpconnlat_name[] = "tcpconnlat.bpf.c";

static int parse(const char *line)
{
	char *argv[CHECK_MAX_ARGS];

	memset(&env, 0, sizeof(env));
	env.pid = -1;
	return tb_tool_parse(&tool, check_argv("tcpconnlat", line, argv), argv);
}

int main(void)
{
	CHECK_INT(parse(""), 0);
	CHECK_INT(env.min_us, 0);
	CHECK_INT(env.pid, -1);
	CHECK_INT(parse("-t -L -4 -p 181 0.1"), 0);
	CHECK(env.timestamp && env.lport);
	CHECK_INT(env.family, AF_INET);
	CHECK_INT(env.pid, 181);
	CHECK_INT(env.min_us, 100); /* BCC: int(0.1 * 1000) us */
	CHECK_INT(parse("-6 1 --attach fentry"), 0);
	CHECK_INT(env.min_us, 1000);
	CHECK_INT(env.family, AF_INET6);
	CHECK(env.method == TB_ATTACH_FENTRY);
	CHECK_INT(parse("--attach tracepoint 0"), 0);
	CHECK(env.method == TB_ATTACH_TRACEPOINT);

	CHECK(rejected("-4 -6"));
	CHECK(rejected("-p x"));
	CHECK(rejected("abc"));
	CHECK(rejected("1 2"));
	CHECK(rejected("-- -1"));
	CHECK(rejected("--attach lsm"));
	return check_result("test_tcpconnlat");
}
