/* Unit tests of tcptop: BCC's flags, the cflags, and a summary's text (BCC's printf formats:
 * IPv4 rows, then IPv6 rows under their own header, each sorted on bytes both ways; -S) and
 * JSON. */
#include <arpa/inet.h>
#include <stdlib.h>

#include "check.h"
#include "tracebox.h"

#include "../../frontends/tcptop.c"

const char tb_bpf_tcptop[] = "";
const char tb_bpf_tcptop_name[] = "tcptop.bpf.c";

static int parse(const char *line)
{
	char *argv[CHECK_MAX_ARGS];

	env = (struct env){ .pid = -1 };
	interval.interval_ms = 1000;
	interval.count = 0;
	tb_common.json = false;
	return tb_tool_parse(&tool, check_argv("tcptop", line, argv), argv);
}

static time_t at_09_39_04(void)
{
	struct tm tm = { .tm_year = 126, .tm_mon = 11, .tm_mday = 7, .tm_hour = 9, .tm_min = 39,
			 .tm_sec = 4, .tm_isdst = -1 };

	return mktime(&tm);
}

/* what one summary prints for these rows, sorted as tb_top_read sorts them */
static char *summary(struct row *rows, size_t n, const char *loadavg)
{
	static char buf[4096];
	FILE *fp = fmemopen(buf, sizeof(buf), "w");

	tb_top_sort(rows, n, &counts);
	tb_top_print_rows(&counts, view(), fp, rows, n, at_09_39_04(), loadavg);
	fclose(fp);
	return buf;
}

static struct row v4(__u32 pid, const char *comm, const char *l, __u16 lport, const char *r,
		     __u16 dport, __u64 rx, __u64 tx)
{
	struct row row = { .key = { .pid = pid, .family = AF_INET, .lport = lport, .dport = dport },
			   .val = { rx, tx } };

	inet_pton(AF_INET, l, row.key.saddr);
	inet_pton(AF_INET, r, row.key.daddr);
	snprintf(row.key.comm, sizeof(row.key.comm), "%s", comm);
	return row;
}

static struct row v6(__u32 pid, const char *comm, const char *l, __u16 lport, const char *r,
		     __u16 dport, __u64 rx, __u64 tx)
{
	struct row row = v4(pid, comm, "0.0.0.0", lport, "0.0.0.0", dport, rx, tx);

	row.key.family = AF_INET6;
	inet_pton(AF_INET6, l, row.key.saddr);
	inet_pton(AF_INET6, r, row.key.daddr);
	return row;
}

int main(void)
{
	/* BCC's example: sshd and the curl/wget ones, an IPv6 row, a name longer than 12 (15, the kernel's most) */
	struct row rows[] = {
		v4(6006, "sshd", "100.66.3.172", 22, "100.127.69.165", 6684, 1, 0),
		v4(12131, "curl", "100.66.3.172", 46998, "52.204.15.7", 443, 2048 * 1024 + 1023, 6),
		v6(3407, "0123456789abcde", "::1", 8080, "::1", 33322, 4096, 10240),
		v4(3260, "wget", "100.66.3.172", 36084, "104.18.32.55", 80, 1000 * 1024, 5 * 1024),
	};
	struct tb_cflags cf = { 0 };
	char want[2048];

	tb_log_set_tool("test_tcptop");

	/* BCC's flags: -C -S -p PID [interval [count]] -4|-6; --attach ours */
	CHECK_INT(parse(""), 0);
	CHECK(!env.noclear && !env.nosummary && env.pid == -1 && env.family == 0);
	CHECK(interval.interval_ms == 1000 && interval.count == 0);
	CHECK_INT(parse("-C -S -p 181 -4 5 10"), 0);
	CHECK(env.noclear && env.nosummary && env.pid == 181 && env.family == AF_INET);
	CHECK(interval.interval_ms == 5000 && interval.count == 10);
	CHECK_INT(parse("--noclear --nosummary --pid 7 --ipv6 --json --attach tracepoint"), 0);
	CHECK(env.noclear && env.nosummary && env.pid == 7 && env.family == AF_INET6 &&
	      tb_common.json && env.method == TB_ATTACH_TRACEPOINT);
	CHECK(rejected("-4 -6"));
	CHECK(rejected("-p 0"));
	CHECK(rejected("0"));
	CHECK(rejected("1 2 3"));
	CHECK(rejected("-r 5"));
	CHECK(rejected("--attach fentry"));

	/* -p and -4/-6 reach the BPF side */
	CHECK_INT(parse("-p 181 -6"), 0);
	CHECK_INT(prepare(&cf), 0);
	CHECK(has_flag(&cf, "-DTARG_PID=181"));
	CHECK(has_flag(&cf, "-DTARG_FAMILY=10"));
	tb_cflags_free(&cf);

	/* text: the head, then "%-7s %-12s %-21s %-21s %6s %6s" and IPv4 rows largest first (rx +
	 * tx) as "%-7d %-12.12s %-21s %-21s %6d %6d", then a blank line and IPv6's, 32 wide */
	CHECK_INT(parse("-C"), 0);
	snprintf(want, sizeof(want),
		 "\n%-8s loadavg: %s\n\n"
		 "%-7s %-12s %-21s %-21s %6s %6s\n"
		 "%-7d %-12.12s %-21s %-21s %6d %6d\n"
		 "%-7d %-12.12s %-21s %-21s %6d %6d\n"
		 "%-7d %-12.12s %-21s %-21s %6d %6d\n"
		 "\n%-7s %-12s %-32s %-32s %6s %6s\n"
		 "%-7d %-12.12s %-32s %-32s %6d %6d\n",
		 "09:39:04", "0.42 0.44 0.39 2/282 22115",
		 "PID", "COMM", "LADDR", "RADDR", "RX_KB", "TX_KB",
		 12131, "curl", "100.66.3.172:46998", "52.204.15.7:443", 2048, 0,
		 3260, "wget", "100.66.3.172:36084", "104.18.32.55:80", 1000, 5,
		 6006, "sshd", "100.66.3.172:22", "100.127.69.165:6684", 0, 0,
		 "PID", "COMM", "LADDR6", "RADDR6", "RX_KB", "TX_KB",
		 3407, "0123456789abcde", "::1:8080", "::1:33322", 4, 10);
	CHECK_STR(summary(rows, 4, "0.42 0.44 0.39 2/282 22115"), want);

	/* -S: no load average; IPv6 alone: its header still after a blank line, as BCC's (the
	 * rows are sorted now: curl, wget, the IPv6 one, sshd) */
	CHECK_INT(parse("-C -S"), 0);
	snprintf(want, sizeof(want), "\n\n%-7s %-12s %-32s %-32s %6s %6s\n"
		 "%-7d %-12.12s %-32s %-32s %6d %6d\n",
		 "PID", "COMM", "LADDR6", "RADDR6", "RX_KB", "TX_KB",
		 3407, "0123456789abcde", "::1:8080", "::1:33322", 4, 10);
	CHECK_STR(summary(rows + 2, 1, NULL), want);
	/* nothing in the interval: the head alone, no header */
	CHECK_INT(parse("-C"), 0);
	CHECK_STR(summary(rows, 0, "1.00 1.00 1.00 1/100 1"), "\n09:39:04 loadavg: 1.00 1.00 1.00 1/100 1\n\n");

	/* --json: one object, rows of both families in one sorted list, bytes whole */
	CHECK_INT(parse("--json"), 0);
	struct row two[] = { rows[2], rows[0] };
	CHECK_STR(summary(two, 2, "0.42 0.44 0.39 2/282 22115"),
		  "{\"ts\":\"2026-12-07 09:39:04\",\"loadavg\":\"0.42 0.44 0.39 2/282 22115\",\"rows\":["
		  "{\"pid\":12131,\"comm\":\"curl\",\"family\":4,\"laddr\":\"100.66.3.172\",\"lport\":46998,"
		  "\"raddr\":\"52.204.15.7\",\"rport\":443,\"rx_kb\":2048,\"tx_kb\":0,\"rx_bytes\":2098175,"
		  "\"tx_bytes\":6},"
		  "{\"pid\":3407,\"comm\":\"0123456789abcde\",\"family\":6,\"laddr\":\"::1\",\"lport\":8080,"
		  "\"raddr\":\"::1\",\"rport\":33322,\"rx_kb\":4,\"tx_kb\":10,\"rx_bytes\":4096,"
		  "\"tx_bytes\":10240}]}\n");
	CHECK_INT(parse("--json -S"), 0);
	CHECK_STR(summary(rows, 0, NULL), "{\"ts\":\"2026-12-07 09:39:04\",\"rows\":[]}\n");
	return check_result("test_tcptop");
}
