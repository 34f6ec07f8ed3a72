/* Unit tests of tcpconnect: BCC's flags, the -D flags they give, and the -c table. */
#include <arpa/inet.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "tracebox.h"

#define TB_NO_MAIN
#include "../../frontends/tcpconnect.c"

const char tb_bpf_tcpconnect[] = "";
const char tb_bpf_tcpconnect_name[] = "tcpconnect.bpf.c";

static int parse(const char *line)
{
	char *argv[CHECK_MAX_ARGS];

	memset(&env, 0, sizeof(env));
	env.pid = -1;
	env.uid = -1;
	return tb_tool_parse(&tool, check_argv("tcpconnect", line, argv), argv);
}

static void check_counts(void)
{
	struct flow flows[2] = { 0 };
	char *text = NULL;
	size_t len = 0;
	FILE *fp;

	inet_pton(AF_INET, "10.0.0.1", flows[0].key.saddr);
	inet_pton(AF_INET, "10.0.0.2", flows[0].key.daddr);
	flows[0].key.family = AF_INET;
	flows[0].key.dport = 80;
	flows[0].connects = 3;
	inet_pton(AF_INET6, "::1", flows[1].key.saddr);
	inet_pton(AF_INET6, "fe80::1", flows[1].key.daddr);
	flows[1].key.family = AF_INET6;
	flows[1].key.dport = 443;
	flows[1].connects = 70;
	fp = open_memstream(&text, &len);
	tcpconnect_print_counts(fp, flows, 2);
	fclose(fp);
	/* BCC: "\n%-25s %-25s %-20s %-10s", most connects first */
	CHECK_STR(text, "\n"
		  "LADDR                     RADDR                     RPORT                CONNECTS\n"
		  "::1                       fe80::1                   443                  70\n"
		  "10.0.0.1                  10.0.0.2                  80                   3\n");
	free(text);
}

int main(void)
{
	struct tb_cflags cf = { 0 };

	CHECK_INT(parse(""), 0);
	CHECK_INT(env.pid, -1);
	CHECK_INT(env.uid, -1);
	CHECK(!env.count && !env.lport && !env.print_uid && !env.timestamp);
	CHECK_INT(parse("-t -p 181 -P 80,81 -4 -L -U -u 1000 -c"), 0);
	CHECK(env.timestamp && env.lport && env.print_uid && env.count);
	CHECK_INT(env.pid, 181);
	CHECK_INT(env.uid, 1000);
	CHECK_INT(env.family, AF_INET);
	CHECK_INT(env.ndports, 2);
	CHECK_INT(env.dports[1], 81);
	CHECK_INT(prepare(&cf), 0);
	CHECK(has_flag(&cf, "-DTARG_PID=181"));
	CHECK(has_flag(&cf, "-DTARG_UID=1000"));
	CHECK(has_flag(&cf, "-DTARG_DPORTS=80,81"));
	CHECK(has_flag(&cf, "-DDO_COUNT"));
	CHECK(!has_flag(&cf, "-DWANT_LPORT")); /* -c counts without the local port */
	tb_cflags_free(&cf);
	CHECK_INT(parse("-6 -L --attach kprobe"), 0);
	CHECK_INT(env.family, AF_INET6);
	CHECK(env.method == TB_ATTACH_KPROBE);
	CHECK_INT(prepare(&cf), 0);
	CHECK(has_flag(&cf, "-DWANT_LPORT"));
	CHECK(has_flag(&cf, "-DTARG_FAMILY=10"));
	CHECK(v6_only && !v6_if_loaded && !v4);
	tb_cflags_free(&cf);

	CHECK(rejected("-4 -6"));
	CHECK(rejected("-p x"));
	CHECK(rejected("-P 0"));
	CHECK(rejected("-P 70000"));
	CHECK(rejected("-d"));      /* DNS: not implemented, said so */
	CHECK(rejected("extra"));
	CHECK(rejected("--attach fentry"));

	check_counts();
	return check_result("test_tcpconnect");
}
