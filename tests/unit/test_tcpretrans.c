/* Unit tests of tcpretrans: BCC's flags, the -D flags they give, an event line in text and
 * JSON, and the -c table. */
#include <arpa/inet.h>
#include <stdlib.h>
#include <time.h>

#include "check.h"
#include "tracebox.h"

#define TB_NO_MAIN
#include "../../frontends/tcpretrans.c"

const char tb_bpf_tcpretrans[] = "";
const char tb_bpf_tcpretrans_name[] = "tcpretrans.bpf.c";

static int parse(const char *line)
{
	char *argv[CHECK_MAX_ARGS];

	memset(&env, 0, sizeof(env));
	return tb_tool_parse(&tool, check_argv("tcpretrans", line, argv), argv);
}

/* The header and e's line, at wall time 61 (UTC), text or JSON */
static char *render(const struct tcpretrans_event *e, bool json)
{
	struct tb_output o;
	char *text = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&text, &len);

	tb_common.json = json;
	tcpretrans_print_header(&o, fp);
	tcpretrans_print_event(&o, e, 61);
	fclose(fp);
	tb_common.json = false;
	return text;
}

static void check_lines(void)
{
	struct tcpretrans_event e = { .pid = 0, .state = 1, .type = TB_TCPRETRANS_RETRANSMIT };
	char *text;

	inet_pton(AF_INET, "10.153.223.157", e.flow.saddr);
	inet_pton(AF_INET, "69.53.245.40", e.flow.daddr);
	e.flow.family = AF_INET;
	e.flow.lport = 22;
	e.flow.dport = 34619;
	/* BCC: "%-8s %-6d %-2d %-20s %1s> %-20s %s" */
	text = render(&e, false);
	CHECK_STR(text, "TIME     PID    IP LADDR:LPORT          T> RADDR:RPORT          STATE\n"
			"00:01:01 0      4  10.153.223.157:22    R> 69.53.245.40:34619   ESTABLISHED\n");
	free(text);
	e.type = TB_TCPRETRANS_TLP;
	e.pid = 1938;
	e.state = 4;
	inet_pton(AF_INET6, "fe80::1", e.flow.saddr);
	inet_pton(AF_INET6, "::1", e.flow.daddr);
	e.flow.family = AF_INET6;
	text = render(&e, false);
	CHECK_STR(text, "TIME     PID    IP LADDR:LPORT          T> RADDR:RPORT          STATE\n"
			"00:01:01 1938   6  fe80::1:22           L> ::1:34619            FIN_WAIT1\n");
	free(text);
	text = render(&e, true);
	CHECK_STR(text, "{\"time\":\"00:01:01\",\"pid\":1938,\"ip\":6,\"laddr\":\"fe80::1\",\"lport\":22,"
			"\"type\":\"L\",\"raddr\":\"::1\",\"rport\":34619,\"state\":\"FIN_WAIT1\"}\n");
	free(text);
}

static void check_counts(void)
{
	struct flow flows[3] = { 0 };
	char *text = NULL;
	size_t len = 0;
	FILE *fp;

	inet_pton(AF_INET6, "::1", flows[0].key.saddr);
	inet_pton(AF_INET6, "::1", flows[0].key.daddr);
	flows[0].key.family = AF_INET6;
	flows[0].key.lport = 40000;
	flows[0].key.dport = 443;
	flows[0].retransmits = 1;
	inet_pton(AF_INET, "192.168.10.50", flows[1].key.saddr);
	inet_pton(AF_INET, "172.217.21.194", flows[1].key.daddr);
	flows[1].key.family = AF_INET;
	flows[1].key.lport = 60366;
	flows[1].key.dport = 443;
	flows[1].retransmits = 700;
	flows[2] = flows[1];
	flows[2].key.lport = 666;
	flows[2].retransmits = 345;
	fp = open_memstream(&text, &len);
	tcpretrans_print_counts(fp, flows, 3);
	fclose(fp);
	/* BCC: IPv4's table then IPv6's, each by count, fewest first */
	CHECK_STR(text, "\n"
		  "LADDR:LPORT               RADDR:RPORT               RETRANSMITS\n"
		  "[192.168.10.50]#666  <-> [172.217.21.194]#443        345\n"
		  "[192.168.10.50]#60366 <-> [172.217.21.194]#443        700\n"
		  "[::1]#40000          <-> [::1]#443                     1\n");
	free(text);
	text = NULL;
	tb_common.json = true;
	fp = open_memstream(&text, &len);
	tcpretrans_print_counts(fp, flows, 1);
	fclose(fp);
	tb_common.json = false;
	CHECK_STR(text, "{\"ip\":4,\"laddr\":\"192.168.10.50\",\"lport\":666,\"raddr\":\"172.217.21.194\","
			"\"rport\":443,\"retransmits\":345}\n");
	free(text);
}

int main(void)
{
	struct tb_cflags cf = { 0 };

	setenv("TZ", "UTC", 1);
	tzset();
	CHECK_INT(parse(""), 0);
	CHECK(!env.count && !env.lossprobe && !env.family && env.method == TB_ATTACH_AUTO);
	CHECK_INT(prepare(&cf), 0);
	CHECK_INT(cf.n, 0);
	tb_cflags_free(&cf);
	CHECK_INT(parse("-c -4"), 0);
	CHECK(env.count);
	CHECK_INT(prepare(&cf), 0);
	CHECK(has_flag(&cf, "-DDO_COUNT"));
	CHECK(has_flag(&cf, "-DTARG_FAMILY=2"));
	CHECK(!has_flag(&cf, "-DWANT_TLP"));
	tb_cflags_free(&cf);
	CHECK_INT(parse("--lossprobe --ipv6 --count --attach kprobe"), 0);
	CHECK(env.lossprobe && env.count);
	CHECK_INT(env.family, AF_INET6);
	CHECK(env.method == TB_ATTACH_KPROBE);
	/* -l's kprobe: -DWANT_TLP where the kernel has kprobes, one line where it has none */
	if (tb_kprobes_supported()) {
		CHECK_INT(prepare(&cf), 0);
		CHECK(has_flag(&cf, "-DWANT_TLP"));
	} else {
		CHECK(prepare(&cf) < 0);
	}
	tb_cflags_free(&cf);

	CHECK(rejected("-4 -6"));
	CHECK(rejected("-L 80"));   /* not BCC's */
	CHECK(rejected("extra"));
	CHECK(rejected("--attach fentry"));
	CHECK(rejected("--attach bogus"));

	check_lines();
	check_counts();
	return check_result("test_tcpretrans");
}
