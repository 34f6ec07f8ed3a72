/* Unit tests of tcplife: BCC's flags, the -D flags they give, and its text, -w, CSV and JSON lines. */
#include <arpa/inet.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "tracebox.h"

#define TB_NO_MAIN
#include "../../frontends/tcplife.c"

const char tb_bpf_tcplife[] = "";
const char tb_bpf_tcplife_name[] = "tcplife.bpf.c";

static int parse(const char *line)
{
	char *argv[CHECK_MAX_ARGS];

	memset(&env, 0, sizeof(env));
	env.pid = -1;
	tb_common.json = false;
	return tb_tool_parse(&tool, check_argv("tcplife", line, argv), argv);
}

/* header and one session, as printed under the options of line */
static char *render(const char *line, const struct tcplife_event *e)
{
	char *text = NULL;
	size_t len = 0;
	FILE *fp;

	if (parse(line))
		return strdup("parse failed");
	fp = open_memstream(&text, &len);
	tcplife_print_header(fp);
	tcplife_print_event(fp, e);
	fclose(fp);
	return text;
}

int main(void)
{
	struct tcplife_event e = { .span_ns = 91791234, .tx_b = 2047, .rx_b = 10502144,
				   .pid = 22598, .lport = 61620, .dport = 80, .family = AF_INET };
	struct tb_cflags cf = { 0 };
	char *text;

	memcpy(e.comm, "curl-downloader", 16);
	inet_pton(AF_INET, "100.66.3.172", e.saddr);
	inet_pton(AF_INET, "52.205.89.26", e.daddr);

	CHECK_INT(parse(""), 0);
	CHECK_INT(env.pid, -1);
	CHECK_INT(parse("-T -t -w -s -p 181 -L 80,81 -D 443 -6"), 0);
	CHECK(env.times.clock && env.times.relative && env.times.csv && env.wide);
	CHECK_INT(env.pid, 181);
	CHECK_INT(env.family, AF_INET6);
	CHECK_INT(prepare(&cf), 0);
	CHECK(has_flag(&cf, "-DTARG_PID=181"));
	CHECK(has_flag(&cf, "-DTARG_LPORTS=80,81"));
	CHECK(has_flag(&cf, "-DTARG_DPORTS=443"));
	CHECK(has_flag(&cf, "-DTARG_FAMILY=10"));
	tb_cflags_free(&cf);
	CHECK_INT(parse("--attach kprobe"), 0);
	CHECK(env.method == TB_ATTACH_KPROBE);

	/* BCC: COMM cut to 10, KB truncated, MS from whole microseconds */
	text = render("", &e);
	CHECK_STR(text, "PID   COMM       LADDR           LPORT RADDR           RPORT TX_KB RX_KB MS\n"
			"22598 curl-downl 100.66.3.172    61620 52.205.89.26    80        1 10256 91.79\n");
	free(text);
	text = render("-w", &e);
	CHECK_STR(text, "PID   COMM             IP LADDR                                   LPORT RADDR                                   RPORT  TX_KB  RX_KB MS\n"
			"22598 curl-downloader  4  100.66.3.172                            61620 52.205.89.26                            80         1  10256 91.79\n");
	free(text);
	text = render("-s", &e);
	CHECK_STR(text, "PID,COMM,IP,LADDR,LPORT,RADDR,RPORT,TX_KB,RX_KB,MS\n"
			"22598,curl-downloader,4,100.66.3.172,61620,52.205.89.26,80,1,10256,91.79\n");
	free(text);
	e.family = AF_INET6;
	inet_pton(AF_INET6, "::1", e.saddr);
	inet_pton(AF_INET6, "fe80::2", e.daddr);
	tb_common.json = true;
	text = NULL;
	{
		size_t len = 0;
		FILE *fp = open_memstream(&text, &len);

		memset(&env, 0, sizeof(env));
		tcplife_print_header(fp);
		tcplife_print_event(fp, &e);
		fclose(fp);
	}
	CHECK_STR(text, "{\"pid\":22598,\"comm\":\"curl-downloader\",\"ip\":6,\"laddr\":\"::1\",\"lport\":61620,"
			"\"raddr\":\"fe80::2\",\"rport\":80,\"tx_kb\":1,\"rx_kb\":10256,\"ms\":91.79,"
			"\"tx_bytes\":2047,\"rx_bytes\":10502144}\n");
	free(text);
	tb_common.json = false;

	CHECK(rejected("-4 -6"));
	CHECK(rejected("-p x"));
	CHECK(rejected("-L 0"));
	CHECK(rejected("-D 1,,2"));
	CHECK(rejected("extra"));
	CHECK(rejected("--attach fentry"));
	return check_result("test_tcplife");
}
