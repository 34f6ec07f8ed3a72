/* Unit tests of lsm-connect's options: rules from -a and -P, --audit, -m, and bad input. */
#include <arpa/inet.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "tracebox.h"

#define TB_NO_MAIN
#include "../../frontends/lsm-connect.c"

/* lsm-connect.c declares its embedded BPF source; the unit test does not compile BPF */
const char tb_bpf_lsm_connect[] = "";
const char tb_bpf_lsm_connect_name[] = "lsm-connect.bpf.c";

static int parse(const char *line)
{
	char *argv[CHECK_MAX_ARGS];

	memset(&env, 0, sizeof(env));
	return tb_tool_parse(&tool, check_argv("lsm-connect", line, argv), argv);
}

int main(void)
{
	char buf[TB_ADDR_STRLEN];

	CHECK_INT(parse("-a 10.1.2.3/8 -a fd00::1/16,127.0.0.1 -P 22,23 -P 80"), 0);
	CHECK_INT(env.naddrs, 3);
	CHECK_INT(env.addrs[0].family, AF_INET);
	CHECK_INT(env.addrs[0].prefix_len, 8);
	CHECK_STR(tb_addr_str(AF_INET, env.addrs[0].bytes, buf, sizeof(buf)), "10.0.0.0");
	CHECK_INT(env.addrs[1].family, AF_INET6);
	CHECK_STR(tb_addr_str(AF_INET6, env.addrs[1].bytes, buf, sizeof(buf)), "fd00::");
	CHECK_INT(env.addrs[2].prefix_len, 32);
	CHECK_INT(env.nports, 3);
	CHECK(env.ports[0] == 22 && env.ports[1] == 23 && env.ports[2] == 80);
	CHECK(!env.audit && !env.matched_only && !env.print_uid);

	CHECK_INT(parse("--audit -m -U -t -P 443"), 0);
	CHECK(env.audit && env.matched_only && env.print_uid);
	CHECK(env.time_mode == TB_TIME_RELATIVE);
	CHECK_INT(env.naddrs, 0);
	CHECK_INT(env.nports, 1);

	CHECK(rejected(""));          /* no rule */
	CHECK(rejected("--audit"));   /* still no rule */
	CHECK(rejected("-a 10.0.0.0/33"));
	CHECK(rejected("-a 10.0.0.1,"));
	CHECK(rejected("-a ,10.0.0.1"));
	CHECK(rejected("-a example.org"));
	CHECK(rejected("-P 0"));
	CHECK(rejected("-P 80,"));
	CHECK(rejected("-P 1 extra"));
	return check_result("test_lsm_connect");
}
