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

/* -d: a reply parsed into the cache, then the QUERY column of connects, text and JSON */
static void check_dns(void)
{
	/* tb-marker.example: A 127.0.0.77 */
	static const uint8_t reply[] = {
		0x74, 0x62, 0x81, 0x80, 0, 1, 0, 1, 0, 0, 0, 0,
		9, 't', 'b', '-', 'm', 'a', 'r', 'k', 'e', 'r', 7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 0,
		0, 1, 0, 1, 0xc0, 0x0c, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 127, 0, 0, 77,
	};
	struct tcpconnect_event e = { .ts_ns = 5000000000ULL, .pid = 42, .dport = 8080,
				      .family = AF_INET, .comm = "curl" };
	char text[2048] = "", *t = NULL;
	const char *name;
	double ms;
	size_t len = 0;
	FILE *fp;

	dns_cache = tb_dns_cache_new(TB_DNS_CACHE_MAX, TB_DNS_CACHE_TTL_S * 1000000000ULL);
	tcpconnect_dns_reply(reply, sizeof(reply), 4950000000ULL);
	tcpconnect_dns_reply(reply, 20, 4950000000ULL); /* cut: not parsed */
	CHECK_INT(dns_unparsed, 1);
	inet_pton(AF_INET, "127.0.0.77", e.daddr);
	tcpconnect_query(AF_INET, e.daddr, 5000000000ULL, text, sizeof(text), &name, &ms);
	CHECK_STR(text, "tb-marker.example");
	CHECK(ms > 49.9 && ms < 50.1);
	/* more than 100 ms after the reply: BCC's "(123.342ms)" */
	tcpconnect_query(AF_INET, e.daddr, 5073342000ULL, text, sizeof(text), &name, &ms);
	CHECK_STR(text, "tb-marker.example (123.342ms)");
	inet_pton(AF_INET, "127.0.0.1", e.saddr);
	tcpconnect_query(AF_INET, e.saddr, 0, text, sizeof(text), &name, &ms);
	CHECK_STR(text, "localhost");
	CHECK(name == NULL && isnan(ms));
	inet_pton(AF_INET, "10.1.1.1", e.saddr);
	tcpconnect_query(AF_INET, e.saddr, 0, text, sizeof(text), &name, &ms);
	CHECK_STR(text, "No DNS Query");
	inet_pton(AF_INET6, "::1", e.saddr);
	tcpconnect_query(AF_INET6, e.saddr, 0, text, sizeof(text), &name, &ms);
	CHECK_STR(text, "localhost");

	/* BCC: "%-7d %-12.12s %-2d %-16s %-16s %-6d %s" */
	inet_pton(AF_INET, "127.0.0.1", e.saddr);
	CHECK_INT(parse("-d"), 0);
	setup_columns();
	fp = open_memstream(&t, &len);
	tb_output_init(&out, fp, columns, ncolumns, false, TB_TIME_NONE);
	tb_output_header(&out);
	handle_event(NULL, 0, &e, sizeof(e));
	fclose(fp);
	CHECK_STR(t, "PID     COMM         IP SADDR            DADDR            DPORT  QUERY\n"
		     "42      curl         4  127.0.0.1        127.0.0.77       8080   tb-marker.example\n");
	free(t);
	tb_common.json = true;
	setup_columns();
	fp = open_memstream(&t, &len);
	tb_output_init(&out, fp, columns, ncolumns, true, TB_TIME_NONE);
	handle_event(NULL, 0, &e, sizeof(e));
	e.daddr[3] = 78;
	handle_event(NULL, 0, &e, sizeof(e));
	fclose(fp);
	CHECK_STR(t, "{\"pid\":42,\"comm\":\"curl\",\"ip\":4,\"saddr\":\"127.0.0.1\",\"daddr\":"
		     "\"127.0.0.77\",\"dport\":8080,\"query\":\"tb-marker.example\",\"query_ms\":50.000}\n"
		     "{\"pid\":42,\"comm\":\"curl\",\"ip\":4,\"saddr\":\"127.0.0.1\",\"daddr\":"
		     "\"127.0.0.78\",\"dport\":8080,\"query\":null,\"query_ms\":null}\n");
	free(t);
	tb_common.json = false;
	cleanup();
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
	CHECK_INT(parse("-d"), 0);
	CHECK(env.dns);
	CHECK_INT(parse("--dns -L -t"), 0);
	CHECK(env.dns && env.lport);
	CHECK(rejected("-c -d"));   /* BCC's rule: -d names the lines -c does not print */
	CHECK(rejected("extra"));
	CHECK(rejected("--attach fentry"));

	check_counts();
	check_dns();
	return check_result("test_tcpconnect");
}
