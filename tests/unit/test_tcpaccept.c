/* Unit tests of tcpaccept: BCC's flags and the -D flags they give, its lines against BCC's
 * printf formats (with -t), JSON. */
#include <arpa/inet.h>
#include <stdlib.h>

#include "check.h"
#include "tracebox.h"

#define TB_NO_MAIN
#include "../../frontends/tcpaccept.c"

const char tb_bpf_tcpaccept[] = "";
const char tb_bpf_tcpaccept_name[] = "tcpaccept.bpf.c";

static int parse(const char *line)
{
	char *argv[CHECK_MAX_ARGS];

	memset(&env, 0, sizeof(env));
	env.pid = -1;
	tb_common.json = false;
	return tb_tool_parse(&tool, check_argv("tcpaccept", line, argv), argv);
}

static char *print(const char *line, const struct tcpaccept_event *e)
{
	char *text = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&text, &len);

	CHECK_INT(parse(line), 0);
	first_ts = 0;
	tcpaccept_header(fp);
	tcpaccept_print_event(e);
	fclose(fp);
	return text;
}

static void check_lines(void)
{
	struct tcpaccept_event e = { .ts_ns = 7000, .pid = 1797234, .lport = 80, .rport = 52414,
				     .family = AF_INET, .comm = "sshd-session-xy" };
	char *text;

	inet_pton(AF_INET, "10.1.2.3", e.laddr);
	inet_pton(AF_INET, "192.168.100.200", e.raddr);
	/* BCC: "%-7d %-12.12s %-2d %-16s %-5d %-16s %-5d" after "%-9.3f" */
	text = print("-t", &e);
	CHECK_STR(text, "TIME(s)  PID     COMM         IP RADDR            RPORT LADDR            LPORT\n"
			"0.000    1797234 sshd-session 4  192.168.100.200  52414 10.1.2.3         80\n");
	free(text);
	e.family = AF_INET6;
	inet_pton(AF_INET6, "fe80::1", e.laddr);
	inet_pton(AF_INET6, "fe80::2", e.raddr);
	text = print("", &e);
	CHECK_STR(text, "PID     COMM         IP RADDR            RPORT LADDR            LPORT\n"
			"1797234 sshd-session 6  fe80::2          52414 fe80::1          80\n");
	free(text);
	text = print("--json", &e);
	CHECK_STR(text, "{\"pid\":1797234,\"comm\":\"sshd-session-xy\",\"ip\":6,\"raddr\":\"fe80::2\","
			"\"rport\":52414,\"laddr\":\"fe80::1\",\"lport\":80}\n");
	free(text);
	tb_common.json = false;
}

int main(void)
{
	struct tb_cflags cf = { 0 };

	CHECK_INT(parse(""), 0);
	CHECK_INT(env.pid, -1);
	CHECK(!env.clock && !env.timestamp && !env.family);
	CHECK_INT(prepare(&cf), 0);
	CHECK_INT(cf.n, 0);
	tb_cflags_free(&cf);
	CHECK_INT(parse("-T -t -p 181 -P 80,81 -6 --attach tracepoint"), 0);
	CHECK(env.clock && env.timestamp);
	CHECK_INT(env.family, AF_INET6);
	CHECK(env.method == TB_ATTACH_TRACEPOINT);
	CHECK_INT(prepare(&cf), 0);
	CHECK(has_flag(&cf, "-DTARG_PID=181"));
	CHECK(has_flag(&cf, "-DTARG_FAMILY=10"));
	CHECK(has_flag(&cf, "-DTARG_LPORTS=80,81"));
	tb_cflags_free(&cf);

	CHECK(rejected("-4 -6"));
	CHECK(rejected("-p x"));
	CHECK(rejected("-P 0"));
	CHECK(rejected("-L 80"));   /* not one of BCC 0.26's tcpaccept flags */
	CHECK(rejected("--attach fentry"));
	CHECK(rejected("extra"));

	check_lines();
	return check_result("test_tcpaccept");
}
