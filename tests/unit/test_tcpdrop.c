/* Unit tests of tcpdrop: BCC's flags, the -D flags they give, an event with its stack in text
 * and JSON, TCP flag names, and the drop reasons read from a tracepoint format's text. */
#include <arpa/inet.h>
#include <stdlib.h>
#include <time.h>

#include "check.h"
#include "tracebox.h"

#define TB_NO_MAIN
#include "../../frontends/tcpdrop.c"

const char tb_bpf_tcpdrop[] = "";
const char tb_bpf_tcpdrop_name[] = "tcpdrop.bpf.c";

static int parse(const char *line)
{
	char *argv[CHECK_MAX_ARGS];

	memset(&env, 0, sizeof(env));
	return tb_tool_parse(&tool, check_argv("tcpdrop", line, argv), argv);
}

/* The header and e's line with two frames, at wall time 61 (UTC) */
static char *render(const struct tcpdrop_event *e, const char *reason, bool json)
{
	static const char *const frames[] = { "tcp_v4_rcv+0x99", "ip_local_deliver_finish+0x81" };
	struct tb_output o;
	char *text = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&text, &len);

	tb_common.json = json;
	tcpdrop_print_header(&o, fp, reason != NULL);
	tcpdrop_print_event(&o, e, reason, frames, 2, 61);
	fclose(fp);
	tb_common.json = false;
	return text;
}

static void check_lines(void)
{
	struct tcpdrop_event e = { .pid = 0, .state = 1, .tcpflags = 0x18, .sport = 33310,
				   .dport = 47311, .family = AF_INET };
	char *text;

	inet_pton(AF_INET, "10.0.0.1", e.saddr);
	inet_pton(AF_INET, "10.0.0.2", e.daddr);
	/* BCC: "%-8s %-7d %-2d %-20s > %-20s %s (%s)", "\t%s" per frame, a blank line */
	text = render(&e, NULL, false);
	CHECK_STR(text, "TIME     PID     IP SADDR:SPORT          > DADDR:DPORT          STATE (FLAGS)\n"
			"00:01:01 0       4  10.0.0.1:33310       > 10.0.0.2:47311       ESTABLISHED (PSH|ACK)\n"
			"\ttcp_v4_rcv+0x99\n\tip_local_deliver_finish+0x81\n\n");
	free(text);
	e.state = 0;
	e.tcpflags = 0x02;
	e.pid = 21209;
	inet_pton(AF_INET6, "::1", e.saddr);
	inet_pton(AF_INET6, "fe80::2", e.daddr);
	e.family = AF_INET6;
	text = render(&e, "NO_SOCKET", false);
	CHECK_STR(text, "TIME     PID     IP SADDR:SPORT          > DADDR:DPORT          STATE (FLAGS) REASON\n"
			"00:01:01 21209   6  ::1:33310            > fe80::2:47311        - (SYN) NO_SOCKET\n"
			"\ttcp_v4_rcv+0x99\n\tip_local_deliver_finish+0x81\n\n");
	free(text);
	text = render(&e, "NO_SOCKET", true);
	CHECK_STR(text, "{\"time\":\"00:01:01\",\"pid\":21209,\"ip\":6,\"saddr\":\"::1\",\"sport\":33310,"
			"\"daddr\":\"fe80::2\",\"dport\":47311,\"state\":\"-\",\"flags\":\"SYN\","
			"\"reason\":\"NO_SOCKET\",\"stack\":\"ip_local_deliver_finish+0x81;tcp_v4_rcv+0x99\"}\n");
	free(text);
	text = render(&e, NULL, true);
	CHECK(text && strstr(text, "\"flags\":\"SYN\",\"stack\":\"ip_local"));
	free(text);
}

static void check_flags(void)
{
	char buf[40];

	CHECK_STR(tb_tcp_flags_str(0x12, buf, sizeof(buf)), "SYN|ACK");
	CHECK_STR(tb_tcp_flags_str(0x11, buf, sizeof(buf)), "FIN|ACK");
	CHECK_STR(tb_tcp_flags_str(0xff, buf, sizeof(buf)), "FIN|SYN|RST|PSH|ACK|URG|ECE|CWR");
	CHECK_STR(tb_tcp_flags_str(0, buf, sizeof(buf)), "");
}

/* skb:kfree_skb's format as 6.18 writes it (shortened), and 5.17's (numbers from 0) */
static void check_reasons(void)
{
	static const char fmt618[] =
		"name: kfree_skb\nID: 2310\nformat:\n"
		"\tfield:void * skbaddr;\toffset:8;\tsize:8;\tsigned:0;\n"
		"\tfield:void * rx_sk;\toffset:24;\tsize:8;\tsigned:0;\n"
		"\tfield:unsigned short protocol;\toffset:32;\tsize:2;\tsigned:0;\n"
		"\tfield:enum skb_drop_reason reason;\toffset:36;\tsize:4;\tsigned:0;\n\n"
		"print fmt: \"skbaddr=%p rx_sk=%p protocol=%u location=%pS reason: %s\", REC->skbaddr, "
		"REC->rx_sk, REC->protocol, REC->location, __print_symbolic(REC->reason, { 2, "
		"\"NOT_SPECIFIED\" }, { 3, \"NO_SOCKET\" }, { 5, \"SOCKET_FILTER\" }, { 130, \"MAX\" })\n";
	static const char fmt517[] =
		"\tfield:unsigned short protocol;\toffset:24;\tsize:2;\tsigned:0;\n"
		"\tfield:enum skb_drop_reason reason;\toffset:28;\tsize:4;\tsigned:0;\n"
		"print fmt: \"reason: %s\", __print_symbolic(REC->reason, { 0, \"NOT_SPECIFIED\" }, "
		"{ 1, \"NO_SOCKET\" })\n";
	static const char fmt414[] =
		"\tfield:void * skbaddr;\toffset:8;\tsize:8;\tsigned:0;\n"
		"\tfield:unsigned short protocol;\toffset:24;\tsize:2;\tsigned:0;\n"
		"print fmt: \"skbaddr=%p protocol=%u location=%p\", REC->skbaddr, REC->protocol, REC->location\n";
	struct tb_tp_symbols s;

	CHECK(tb_tp_format_has_field(fmt618, "reason"));
	CHECK(tb_tp_format_has_field(fmt618, "rx_sk"));
	CHECK(!tb_tp_format_has_field(fmt618, "rx"));
	CHECK(!tb_tp_format_has_field(fmt414, "reason"));
	CHECK_INT(tb_tp_symbols_parse(fmt618, "reason", &s), 0);
	CHECK_INT(s.n, 4);
	CHECK_STR(tb_tp_symbol_name(&s, 5), "SOCKET_FILTER");
	CHECK(tb_tp_symbol_name(&s, 4) == NULL);
	CHECK_INT(tb_tp_symbol_value(&s, "NOT_SPECIFIED"), 2);
	tb_tp_symbols_free(&s);
	CHECK_INT(tb_tp_symbols_parse(fmt517, "reason", &s), 0);
	CHECK_INT(tb_tp_symbol_value(&s, "NOT_SPECIFIED"), 0);
	CHECK_STR(tb_tp_symbol_name(&s, 1), "NO_SOCKET");
	tb_tp_symbols_free(&s);
	CHECK_INT(tb_tp_symbols_parse(fmt414, "reason", &s), -1);
	CHECK_INT(s.n, 0);
}

int main(void)
{
	struct tb_cflags cf = { 0 };

	setenv("TZ", "UTC", 1);
	tzset();
	CHECK_INT(parse(""), 0);
	CHECK(!env.family && !env.netns_id && !env.pid_netns && env.method == TB_ATTACH_AUTO);
	CHECK_INT(parse("-4 --netns-id 4026531840 --attach kprobe"), 0);
	CHECK_INT(env.family, AF_INET);
	CHECK(env.method == TB_ATTACH_KPROBE);
	CHECK_INT(prepare(&cf), 0);
	CHECK(has_flag(&cf, "-DTARG_FAMILY=2"));
	CHECK(has_flag(&cf, "-DTARG_NETNS=4026531840"));
	CHECK(!with_reason); /* the kprobe path has no reasons */
	tb_cflags_free(&cf);
	CHECK_INT(parse("-6 --pid-netns 1"), 0);
	CHECK_INT(env.pid_netns, 1);
	CHECK_INT(env.family, AF_INET6);

	CHECK(rejected("-4 -6"));
	CHECK(rejected("--netns-id 0"));
	CHECK(rejected("--netns-id x"));
	CHECK(rejected("--pid-netns 1 --netns-id 5"));
	CHECK(rejected("extra"));
	CHECK(rejected("--attach fentry"));

	check_lines();
	check_flags();
	check_reasons();
	return check_result("test_tcpdrop");
}
