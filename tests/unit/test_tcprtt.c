/* Unit tests of tcprtt's flags: BCC's -i -d -T -m -p -P -a -A -b -B -e -4 -6, --attach, and
 * how -i/-d become the interval loop's interval and count. */
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "tracebox.h"

#define TB_NO_MAIN
#include "../../frontends/tcprtt.c"

const char tb_bpf_tcprtt[] = "";
const char tb_bpf_tcprtt_name[] = "tcprtt.bpf.c";

static int parse(const char *line)
{
	char *argv[CHECK_MAX_ARGS];

	memset(&env, 0, sizeof(env));
	return tb_tool_parse(&tool, check_argv("tcprtt", line, argv), argv);
}

int main(void)
{
	long iv, count;

	CHECK_INT(parse(""), 0);
	interval_and_count(&iv, &count);
	CHECK_INT(iv, 0);     /* one summary at Ctrl-C */
	CHECK_INT(count, 0);
	CHECK_INT(parse("-d 10"), 0);
	interval_and_count(&iv, &count);
	CHECK_INT(iv, 10000); /* BCC: the interval is the duration */
	CHECK_INT(count, 1);
	CHECK_INT(parse("-i 3 -d 10"), 0);
	interval_and_count(&iv, &count);
	CHECK_INT(iv, 3000);
	CHECK_INT(count, 4);  /* BCC stops once 12 s >= 10 s */
	CHECK_INT(parse("-i 2"), 0);
	interval_and_count(&iv, &count);
	CHECK_INT(iv, 2000);
	CHECK_INT(count, 0);

	CHECK_INT(parse("-T -m -e -b -p 80,443 -P 22 -a 10.0.0.1 -A 10.0.0.2 -4 --attach kprobe"), 0);
	CHECK(env.timestamp && env.milliseconds && env.extension);
	CHECK_INT(env.section, TB_TCPRTT_LADDR);
	CHECK_INT(env.nlports, 2);
	CHECK_INT(env.lports[1], 443);
	CHECK_INT(env.nrports, 1);
	CHECK_INT(env.rports[0], 22);
	CHECK_INT(env.laddr.family, AF_INET);
	CHECK_INT(env.laddr.bytes[0], 10);
	CHECK_INT(env.laddr.bytes[3], 1);
	CHECK_INT(env.raddr.family, AF_INET);
	CHECK_INT(env.raddr.bytes[3], 2);
	CHECK_INT(env.family, AF_INET);
	CHECK(env.method == TB_ATTACH_KPROBE);
	CHECK_INT(parse("-B -6 -A ::1 --attach tracepoint"), 0);
	CHECK_INT(env.raddr.family, AF_INET6);
	CHECK_INT(env.raddr.bytes[15], 1);
	CHECK_INT(env.section, TB_TCPRTT_RADDR);
	CHECK_INT(env.family, AF_INET6);
	CHECK(env.method == TB_ATTACH_TRACEPOINT);

	CHECK(rejected("-b -B"));
	CHECK(rejected("-4 -6"));
	CHECK(rejected("-p 0"));
	CHECK(rejected("-P 70000"));
	CHECK(rejected("-a 1.2.3"));
	CHECK(rejected("-A host"));
	CHECK(rejected("-i 0"));
	CHECK(rejected("-d -1"));
	CHECK(rejected("extra"));
	CHECK(rejected("--attach lsm"));
	CHECK(rejected("-6 -a 127.0.0.1"));
	return check_result("test_tcprtt");
}
