/* Unit tests of solisten: BCC's flags and the -D flags they give, its lines against BCC's
 * printf formats with and without --show-netns, JSON. */
#include <arpa/inet.h>
#include <stdlib.h>

#include "check.h"
#include "tracebox.h"

#define TB_NO_MAIN
#include "../../frontends/solisten.c"

const char tb_bpf_solisten[] = "";
const char tb_bpf_solisten_name[] = "solisten.bpf.c";

static int parse(const char *line)
{
	char *argv[CHECK_MAX_ARGS];

	memset(&env, 0, sizeof(env));
	env.pid = -1;
	env.netns = -1;
	tb_common.json = false;
	return tb_tool_parse(&tool, check_argv("solisten", line, argv), argv);
}

/* The header and one event as the options print them */
static char *print(const char *line, const struct solisten_event *e)
{
	const struct tb_column *cols;
	enum tb_time_mode time;
	char *text = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&text, &len);
	int n;

	CHECK_INT(parse(line), 0);
	cols = columns(&n, &time);
	tb_output_init(&out, fp, cols, n, tb_common.json, time);
	tb_output_header(&out);
	solisten_print_event(e);
	fclose(fp);
	return text;
}

static void check_lines(void)
{
	struct solisten_event e = { .pid = 4221, .netns = 4026532165u, .backlog = 128,
				    .port = 6379, .family = AF_INET6, .comm = "redis-server-mai" };
	char *text;

	inet_pton(AF_INET6, "2001:f0d0:1002:51::4", e.addr);
	/* BCC: "%-6d %-12.12s %-6s %-8s %-5s %-39s" (the last column not padded here) */
	text = print("", &e);
	CHECK_STR(text, "PID    COMM         PROTO  BACKLOG  PORT  ADDR\n"
			"4221   redis-server TCPv6  128      6379  2001:f0d0:1002:51::4\n");
	free(text);
	/* --show-netns: "%-12s" NETNS after COMM */
	e.family = AF_INET;
	inet_pton(AF_INET, "0.0.0.0", e.addr);
	text = print("--show-netns", &e);
	CHECK_STR(text, "PID    COMM         NETNS        PROTO  BACKLOG  PORT  ADDR\n"
			"4221   redis-server 4026532165   TCPv4  128      6379  0.0.0.0\n");
	free(text);
	text = print("--show-netns --json", &e);
	CHECK_STR(text, "{\"pid\":4221,\"comm\":\"redis-server-mai\",\"netns\":4026532165,"
			"\"proto\":\"TCPv4\",\"backlog\":128,\"port\":6379,\"addr\":\"0.0.0.0\"}\n");
	free(text);
	tb_common.json = false;
}

int main(void)
{
	struct tb_cflags cf = { 0 };

	CHECK_INT(parse(""), 0);
	CHECK_INT(env.pid, -1);
	CHECK_INT(env.netns, -1);
	CHECK(!env.show_netns);
	CHECK_INT(prepare(&cf), 0);
	CHECK_INT(cf.n, 0);
	tb_cflags_free(&cf);
	CHECK_INT(parse("-p 1234 -n 4026531840 --show-netns --attach kprobe"), 0);
	CHECK(env.show_netns);
	CHECK(env.method == TB_ATTACH_KPROBE);
	CHECK_INT(prepare(&cf), 0);
	CHECK(has_flag(&cf, "-DTARG_PID=1234"));
	CHECK(has_flag(&cf, "-DTARG_NETNS=4026531840U"));
	tb_cflags_free(&cf);
	CHECK_INT(parse("--netns 4242"), 0);
	CHECK_INT(env.netns, 4242);

	CHECK(rejected("-p x"));
	CHECK(rejected("-n 0"));
	CHECK(rejected("-n x"));
	CHECK(rejected("-n 4294967296"));
	CHECK(rejected("-t"));      /* not one of BCC's solisten flags */
	CHECK(rejected("--attach fentry"));
	CHECK(rejected("extra"));

	check_lines();
	return check_result("test_solisten");
}
