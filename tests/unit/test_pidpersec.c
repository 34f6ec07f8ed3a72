/* Unit tests of pidpersec's line (BCC's "HH:MM:SS: PIDs/sec: N"), its JSON and its arguments. */
#include <string.h>

#include "check.h"
#include "tracebox.h"

#define TB_NO_MAIN
#include "../../frontends/pidpersec.c"

/* pidpersec.c declares its embedded BPF source; the unit test does not compile BPF */
const char tb_bpf_pidpersec[] = "";
const char tb_bpf_pidpersec_name[] = "pidpersec.bpf.c";

static int parse(const char *line)
{
	char *argv[CHECK_MAX_ARGS];

	return tb_tool_parse(&tool, check_argv("pidpersec", line, argv), argv);
}

int main(void)
{
	struct tm tm = { .tm_year = 126, .tm_mon = 11, .tm_mday = 7, .tm_hour = 18, .tm_min = 33,
			 .tm_sec = 6, .tm_isdst = -1 };
	time_t t = mktime(&tm);
	char line[96];

	format_line(line, sizeof(line), t, 4, false);
	CHECK_STR(line, "18:33:06: PIDs/sec: 4");
	format_line(line, sizeof(line), t, 18446744073709551615ull, false);
	CHECK_STR(line, "18:33:06: PIDs/sec: 18446744073709551615");
	format_line(line, sizeof(line), t, 21, true);
	CHECK_STR(line, "{\"time\":\"18:33:06\",\"pids_per_sec\":21}");

	CHECK_INT(parse(""), 0);
	CHECK(interval.interval_ms == 1000 && interval.count == 0 && interval.lines);
	CHECK(rejected("1"));     /* no interval or count: BCC's has none */
	CHECK(rejected("1 5"));
	CHECK(rejected("-p 1"));
	return check_result("test_pidpersec");
}
