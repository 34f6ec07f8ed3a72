/* Unit tests of vfsstat's header and line (BCC's columns and rates), its JSON and its arguments. */
#include <string.h>

#include "check.h"
#include "tracebox.h"

#define TB_NO_MAIN
#include "../../frontends/vfsstat.c"

/* vfsstat.c declares its embedded BPF source; the unit test does not compile BPF */
const char tb_bpf_vfsstat[] = "";
const char tb_bpf_vfsstat_name[] = "vfsstat.bpf.c";

static int parse(const char *line)
{
	char *argv[CHECK_MAX_ARGS];

	interval.interval_ms = 1000;
	interval.count = 0;
	env.pid = -1;
	env.attach = TB_ATTACH_AUTO;
	return tb_tool_parse(&tool, check_argv("vfsstat", line, argv), argv);
}

int main(void)
{
	struct tm tm = { .tm_year = 126, .tm_mon = 11, .tm_mday = 7, .tm_hour = 18, .tm_min = 35,
			 .tm_sec = 32, .tm_isdst = -1 };
	time_t t = mktime(&tm);
	const __u64 counts[TB_VFSSTAT_NSTATS] = { 231, 12, 0, 98, 4 };
	const __u64 big[TB_VFSSTAT_NSTATS] = { 18446744073709551615ull, 123456789, 7, 6, 5 };
	char line[256];

	/* BCC's header and line, byte for byte: they align (10 characters before the columns) */
	format_header(line, sizeof(line));
	CHECK_STR(line, "TIME         READ/s  WRITE/s  FSYNC/s   OPEN/s CREATE/s");
	format_line(line, sizeof(line), t, counts, 1, false);
	CHECK_STR(line, "18:35:32:       231       12        0       98        4");
	/* per second over a 2 second interval, integer division as BCC's */
	format_line(line, sizeof(line), t, counts, 2, false);
	CHECK_STR(line, "18:35:32:       115        6        0       49        2");
	/* a number wider than the column pushes the line, never cuts it */
	format_line(line, sizeof(line), t, big, 1, false);
	CHECK_STR(line, "18:35:32:  18446744073709551615 123456789        7        6        5");
	format_line(line, sizeof(line), t, counts, 1, true);
	CHECK_STR(line, "{\"time\":\"18:35:32\",\"read\":231,\"write\":12,\"fsync\":0,\"open\":98,"
			"\"create\":4}");

	CHECK_INT(parse(""), 0);
	CHECK(interval.interval_ms == 1000 && interval.count == 0 && interval.lines);
	CHECK(env.pid == -1 && env.attach == TB_ATTACH_AUTO);
	CHECK_INT(parse("5 3"), 0);
	CHECK(interval.interval_ms == 5000 && interval.count == 3);
	CHECK_INT(parse("-p 185 2"), 0);
	CHECK(env.pid == 185 && interval.interval_ms == 2000 && interval.count == 0);
	CHECK_INT(parse("--attach kprobe"), 0);
	CHECK(env.attach == TB_ATTACH_KPROBE);
	CHECK_INT(parse("--attach fentry"), 0);
	CHECK(env.attach == TB_ATTACH_FENTRY);
	CHECK(rejected("--attach tracepoint")); /* no tracepoint variant */
	CHECK(rejected("0"));                   /* BCC's interval is at least 1 */
	CHECK(rejected("1 0"));
	CHECK(rejected("1 2 3"));
	CHECK(rejected("-p 0"));
	CHECK(rejected("-p abc"));
	CHECK(rejected("x"));
	return check_result("test_vfsstat");
}
