/* Unit tests of bindsnoop: BCC's flags and the -D flags they give, OPTS and PROT text, BCC's
 * rows (narrow, -w, -E, -U, -t, --json) and the --count table. */
#include <arpa/inet.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "tracebox.h"

#define TB_NO_MAIN
#include "../../frontends/bindsnoop.c"

const char tb_bpf_bindsnoop[] = "";
const char tb_bpf_bindsnoop_name[] = "bindsnoop.bpf.c";

static int parse(const char *line)
{
	char *argv[CHECK_MAX_ARGS];

	memset(&env, 0, sizeof(env));
	env.pid = -1;
	env.uid = -1;
	tb_common.json = false;
	return tb_tool_parse(&tool, check_argv("bindsnoop", line, argv), argv);
}

/* The header and one event as the options print them */
static char *print(const char *line, const struct bindsnoop_event *e)
{
	char *text = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&text, &len);

	CHECK_INT(parse(line), 0);
	first_ts = 0;
	bindsnoop_header(fp);
	bindsnoop_print_event(e);
	fclose(fp);
	return text;
}

static void check_rows(void)
{
	struct bindsnoop_event e = { .ts_ns = 5000, .pid = 3941081, .uid = 127072, .port = 62087,
				     .family = AF_INET6, .protocol = IPPROTO_UDP,
				     .opts = TB_BINDSNOOP_REUSEADDR, .bound_dev_if = 2,
				     .comm = "test_bind_op_lon" };
	char *text;

	inet_pton(AF_INET6, "fd00:1234:5678::abcd", e.addr);
	/* BCC: "%8s %-12.12s %-4s %-15s %-5s %5s %2s" (here the values' alignment) and
	 * "%8d %-12.12s %-4.4s %-15.15s %5d %-5s %2d" */
	text = print("", &e);
	CHECK_STR(text, "     PID COMM         PROT ADDR             PORT OPTS  IF\n"
			" 3941081 test_bind_op UDP  fd00:1234:5678: 62087 ...R.  2\n");
	free(text);
	/* -w: "%10d %-12.12s %-4s %-39s %5d %-5s %2d"; -E -w: "%-25s " strerror; -U "%6d " */
	e.ret = -98;
	e.protocol = IPPROTO_UDPLITE;
	e.opts = TB_BINDSNOOP_FREEBIND | TB_BINDSNOOP_NO_PORT | TB_BINDSNOOP_REUSEPORT;
	text = print("-w -E -U", &e);
	CHECK_STR(text, "   UID RC                               PID COMM         PROT ADDR                                     PORT OPTS  IF\n"
			"127072 Address already in use       3941081 test_bind_op UDPLITE fd00:1234:5678::abcd                    62087 F.N.r  2\n");
	free(text);
	/* -t "%-9.6f " from the first event; -E "%3s " */
	e.family = AF_INET;
	e.protocol = IPPROTO_TCP;
	e.opts = TB_BINDSNOOP_TRANSPARENT;
	e.bound_dev_if = 0;
	inet_pton(AF_INET, "192.168.1.102", e.addr);
	text = print("-t -E", &e);
	CHECK_STR(text, "TIME(s)    RC      PID COMM         PROT ADDR             PORT OPTS  IF\n"
			"0.000000  -98  3941081 test_bind_op TCP  192.168.1.102   62087 .T...  0\n");
	free(text);
	/* --json: every column, whole values */
	text = print("-t -E -U --json", &e);
	CHECK_STR(text, "{\"time_s\":0.000000,\"uid\":127072,\"rc\":-98,\"pid\":3941081,"
			"\"comm\":\"test_bind_op_lon\",\"prot\":\"TCP\",\"addr\":\"192.168.1.102\","
			"\"port\":62087,\"opts\":\".T...\",\"if\":0}\n");
	free(text);
	tb_common.json = false;
}

static void check_names(void)
{
	char buf[6];

	CHECK_STR(bindsnoop_opts_str(0, buf), ".....");
	CHECK_STR(bindsnoop_opts_str(0x1f, buf), "FTNRr");
	CHECK_STR(bindsnoop_opts_str(TB_BINDSNOOP_REUSEADDR, buf), "...R.");
	CHECK_STR(bindsnoop_proto_str(IPPROTO_TCP), "TCP");
	CHECK_STR(bindsnoop_proto_str(IPPROTO_ICMPV6), "ICMPV6");
	CHECK_STR(bindsnoop_proto_str(IPPROTO_MPTCP), "MPTCP");
	CHECK_STR(bindsnoop_proto_str(200), "UNKNOWN");
}

static void check_counts(void)
{
	struct bind_count counts[3] = { 0 };
	char *text = NULL;
	size_t len = 0;
	FILE *fp;

	inet_pton(AF_INET6, "::", counts[0].key.addr);
	counts[0].key.family = AF_INET6;
	counts[0].key.port = 35343;
	counts[0].binds = 9;
	inet_pton(AF_INET, "0.0.0.0", counts[1].key.addr);
	counts[1].key.family = AF_INET;
	counts[1].key.port = 6771;
	counts[1].binds = 4;
	inet_pton(AF_INET, "127.0.0.1", counts[2].key.addr);
	counts[2].key.family = AF_INET;
	counts[2].key.port = 33665;
	counts[2].binds = 5;
	fp = open_memstream(&text, &len);
	bindsnoop_print_counts(fp, counts, 3);
	fclose(fp);
	/* BCC: "\n%-32s %20s     %-10s", IPv4 then IPv6, most binds first */
	CHECK_STR(text, "\n"
		  "LADDR                                           LPORT     BINDS     \n"
		  "127.0.0.1                                       33665     5         \n"
		  "0.0.0.0                                          6771     4         \n"
		  "::                                              35343     9         \n");
	free(text);
}

int main(void)
{
	struct tb_cflags cf = { 0 };

	CHECK_INT(parse(""), 0);
	CHECK_INT(env.pid, -1);
	CHECK_INT(env.uid, -1);
	CHECK(!env.count && !env.errors && !env.print_uid && !env.timestamp && !env.wide);
	CHECK_INT(prepare(&cf), 0);
	CHECK_INT(cf.n, 0);
	tb_cflags_free(&cf);
	CHECK_INT(parse("-t -w -p 181 -P 80,81 -E -U -u 1000 --count --attach tracepoint"), 0);
	CHECK(env.timestamp && env.wide && env.errors && env.print_uid && env.count);
	CHECK_INT(env.pid, 181);
	CHECK_INT(env.uid, 1000);
	CHECK_INT(env.nports, 2);
	CHECK(env.method == TB_ATTACH_TRACEPOINT);
	CHECK_INT(prepare(&cf), 0);
	CHECK(has_flag(&cf, "-DTARG_PID=181"));
	CHECK(has_flag(&cf, "-DTARG_UID=1000"));
	CHECK(has_flag(&cf, "-DTARG_PORTS=80,81"));
	CHECK(has_flag(&cf, "-DERRORS"));
	CHECK(has_flag(&cf, "-DDO_COUNT"));
	tb_cflags_free(&cf);

	CHECK(rejected("-p x"));
	CHECK(rejected("-P 0"));
	CHECK(rejected("-P 80,,81"));
	CHECK(rejected("-u nosuchuser_tb"));
	CHECK(rejected("-x"));      /* not one of BCC's bindsnoop flags */
	CHECK(rejected("--attach fentry"));
	CHECK(rejected("extra"));

	check_names();
	check_rows();
	check_counts();
	return check_result("test_bindsnoop");
}
