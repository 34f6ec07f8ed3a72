/* Unit tests of the TCP tools' shared pieces (loader/output/net.c) and of tcpstates' flags. */
#include <arpa/inet.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "tracebox.h"

#define TB_NO_MAIN
#include "../../frontends/tcpstates.c"

/* tcpstates.c declares its embedded BPF source; the unit test does not compile BPF */
const char tb_bpf_tcpstates[] = "";
const char tb_bpf_tcpstates_name[] = "tcpstates.bpf.c";

static int parse(const char *line)
{
	char *argv[CHECK_MAX_ARGS];

	memset(&env, 0, sizeof(env));
	return tb_tool_parse(&tool, check_argv("tcpstates", line, argv), argv);
}

int main(void)
{
	unsigned char v4[4] = { 127, 0, 0, 1 }, v6[16] = { [15] = 1 }, mapped[16] = {
		[10] = 0xff, [11] = 0xff, 10, 1, 2, 3 };
	char buf[TB_ADDR_STRLEN], sb[12];
	struct tb_cflags cf = { 0 };
	enum tb_attach_method method;
	uint16_t ports[TB_MAX_PORTS];

	CHECK_STR(tb_addr_str(AF_INET, v4, buf, sizeof(buf)), "127.0.0.1");
	CHECK_STR(tb_addr_str(AF_INET6, v6, buf, sizeof(buf)), "::1");
	CHECK_STR(tb_addr_str(AF_INET6, mapped, buf, sizeof(buf)), "::ffff:10.1.2.3");
	CHECK_STR(tb_addr_str(0, v4, buf, sizeof(buf)), "?");

	CHECK_STR(tb_tcp_state_name(1, sb, sizeof(sb)), "ESTABLISHED");
	CHECK_STR(tb_tcp_state_name(7, sb, sizeof(sb)), "CLOSE");
	CHECK_STR(tb_tcp_state_name(12, sb, sizeof(sb)), "NEW_SYN_RECV");
	CHECK_STR(tb_tcp_state_name(13, sb, sizeof(sb)), "13"); /* BCC prints str(state) */
	CHECK_STR(tb_tcp_state_name(0, sb, sizeof(sb)), "0");

	/* addresses and prefixes (lsm-connect -a, tcprtt -a/-A) */
	struct tb_addr_prefix ap;
	CHECK_INT(tb_parse_addr("127.0.0.1", "a", &ap), 0);
	CHECK_INT(ap.family, AF_INET);
	CHECK_INT(ap.prefix_len, 32);
	CHECK(memcmp(ap.bytes, v4, 4) == 0);
	CHECK_INT(tb_parse_addr("::1", "a", &ap), 0);
	CHECK_INT(ap.family, AF_INET6);
	CHECK_INT(ap.prefix_len, 128);
	CHECK(memcmp(ap.bytes, v6, 16) == 0);
	CHECK_INT(tb_parse_addr("10.0.0.0/8", "a", &ap), -1); /* no prefix where one is not meant */
	CHECK_INT(tb_parse_addr("localhost", "a", &ap), -1);
	CHECK_INT(tb_parse_addr("", "a", &ap), -1);
	CHECK_INT(tb_parse_addr_prefix("10.1.2.3/8", "a", &ap), 0);
	CHECK_INT(ap.family, AF_INET);
	CHECK_INT(ap.prefix_len, 8);
	CHECK(ap.bytes[0] == 10 && ap.bytes[1] == 0 && ap.bytes[2] == 0 && ap.bytes[3] == 0);
	CHECK_INT(tb_parse_addr_prefix("192.168.1.255/23", "a", &ap), 0);
	CHECK(ap.bytes[2] == 0 && ap.bytes[3] == 0);
	CHECK_INT(tb_parse_addr_prefix("0.0.0.0/0", "a", &ap), 0);
	CHECK_INT(ap.prefix_len, 0);
	CHECK_INT(tb_parse_addr_prefix("127.0.0.1", "a", &ap), 0);
	CHECK_INT(ap.prefix_len, 32);
	CHECK_INT(tb_parse_addr_prefix("fd00:1:2::5/17", "a", &ap), 0);
	CHECK_INT(ap.family, AF_INET6);
	CHECK_INT(ap.prefix_len, 17);
	CHECK(ap.bytes[0] == 0xfd && ap.bytes[1] == 0 && ap.bytes[2] == 0 && ap.bytes[3] == 0 &&
	      ap.bytes[15] == 0);
	CHECK_INT(tb_parse_addr_prefix("::1/128", "a", &ap), 0);
	CHECK(memcmp(ap.bytes, v6, 16) == 0);
	CHECK_INT(tb_parse_addr_prefix("10.0.0.0/33", "a", &ap), -1);
	CHECK_INT(tb_parse_addr_prefix("::/129", "a", &ap), -1);
	CHECK_INT(tb_parse_addr_prefix("10.0.0.0/", "a", &ap), -1);
	CHECK_INT(tb_parse_addr_prefix("10.0.0.0/-1", "a", &ap), -1);
	CHECK_INT(tb_parse_addr_prefix("10.0.0.0/8x", "a", &ap), -1);
	CHECK_INT(tb_parse_addr_prefix("10.0.0/8", "a", &ap), -1);
	CHECK_INT(tb_parse_addr_prefix("/8", "a", &ap), -1);

	CHECK_INT(tb_parse_ports("80", "p", ports, TB_MAX_PORTS), 1);
	CHECK_INT(ports[0], 80);
	CHECK_INT(tb_parse_ports("80,443,65535", "p", ports, TB_MAX_PORTS), 3);
	CHECK_INT(ports[2], 65535);
	CHECK_INT(tb_parse_ports("0", "p", ports, TB_MAX_PORTS), -1);
	CHECK_INT(tb_parse_ports("65536", "p", ports, TB_MAX_PORTS), -1);
	CHECK_INT(tb_parse_ports("80,", "p", ports, TB_MAX_PORTS), -1);
	CHECK_INT(tb_parse_ports(",80", "p", ports, TB_MAX_PORTS), -1);
	CHECK_INT(tb_parse_ports("80 ,81", "p", ports, TB_MAX_PORTS), -1);
	CHECK_INT(tb_parse_ports("-80", "p", ports, TB_MAX_PORTS), -1);
	CHECK_INT(tb_parse_ports("", "p", ports, TB_MAX_PORTS), -1);
	CHECK_INT(tb_parse_ports("1,2,3", "p", ports, 2), -1);

	ports[0] = 80, ports[1] = 443;
	CHECK_INT(tb_cflags_add_ports(&cf, "TARG_LPORTS", ports, 2), 0);
	CHECK_STR(cf.argv[0], "-DTARG_LPORTS=80,443");
	tb_cflags_free(&cf);
	CHECK_INT(tb_parse_addr("10.0.0.255", "a", &ap), 0);
	CHECK_INT(tb_cflags_add_addr(&cf, "TARG_LADDR", &ap), 0);
	CHECK_STR(cf.argv[0], "-DTARG_LADDR=10,0,0,255");
	CHECK_STR(cf.argv[1], "-DTARG_LADDR_FAMILY=2");
	tb_cflags_free(&cf);

	/* --attach limited to the variants a tool has (tcpstates: no fentry) */
	CHECK_INT(tb_parse_attach_method("kprobe", TCPSTATES_METHODS, &method), 0);
	CHECK(method == TB_ATTACH_KPROBE);
	CHECK_INT(tb_parse_attach_method("auto", TCPSTATES_METHODS, &method), 0);
	CHECK(method == TB_ATTACH_AUTO);
	CHECK_INT(tb_parse_attach_method("fentry", TCPSTATES_METHODS, &method), -1);
	CHECK_INT(tb_parse_attach_method("fentry", 0, &method), 0);
	CHECK_INT(tb_parse_attach_method(NULL, 0, &method), -1);
	CHECK_STR(tb_attach_method_cflag(TB_ATTACH_TRACEPOINT), "-DTB_USE_TRACEPOINT");
	CHECK(tb_attach_method_cflag(TB_ATTACH_AUTO) == NULL);

	CHECK_INT(parse("-stT -w -L 80,81 -D 443 -6 --attach kprobe"), 0);
	CHECK(env.csv && env.wide && env.clock && env.relative);
	CHECK(env.time_mode == TB_TIME_CLOCK);
	CHECK_INT(env.nlports, 2);
	CHECK_INT(env.lports[1], 81);
	CHECK_INT(env.ndports, 1);
	CHECK_INT(env.family, AF_INET6);
	CHECK(env.method == TB_ATTACH_KPROBE);
	CHECK_INT(parse("-t -4"), 0);
	CHECK(env.time_mode == TB_TIME_RELATIVE);
	CHECK_INT(env.family, AF_INET);
	CHECK(!env.journal);
	CHECK_INT(parse("-Y"), 0);
	CHECK(env.journal);

	CHECK(rejected("-L 0"));
	CHECK(rejected("-D x"));
	CHECK(rejected("-4 -6"));
	CHECK(rejected("--attach fentry"));
	CHECK(rejected("extra"));
	return check_result("test_net");
}
