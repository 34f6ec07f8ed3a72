/* Unit tests of cachestat's options (BCC's), its arithmetic (BCC's hits and misses from the four
 * counts) and its line, in text and JSON. */
#include <string.h>

#include "check.h"
#include "tracebox.h"

#define TB_NO_MAIN
#include "../../frontends/cachestat.c"

const char tb_bpf_cachestat[] = "";
const char tb_bpf_cachestat_name[] = "cachestat.bpf.c";

static int parse(const char *line)
{
	char *argv[CHECK_MAX_ARGS];

	return tb_tool_parse(&tool, check_argv("cachestat", line, argv), argv);
}

/* format_line's text for counts d into buf */
static const char *line_of(const __u64 *d, bool timestamp, bool json, time_t now)
{
	static char buf[512];
	FILE *fp;

	memset(buf, 0, sizeof(buf));
	fp = fmemopen(buf, sizeof(buf), "w");
	format_line(fp, d, 2048, 1572864, now, timestamp, json);
	fclose(fp);
	return buf;
}

static void test_compute(void)
{
	/* accessed, added, dirtied, buffers dirtied */
	const __u64 reads[4] = { 512, 256, 0, 0 }, writes[4] = { 256, 0, 256, 256 };
	const __u64 ahead[4] = { 10, 40, 0, 0 }, mixed[4] = { 1000, 300, 100, 50 };
	struct cachestat_line l;

	/* a file read twice: half misses, half hits */
	compute(reads, &l);
	CHECK(l.hits == 256 && l.misses == 256 && l.dirties == 0);
	CHECK(l.ratio > 0.4999 && l.ratio < 0.5001);
	/* its pages written back: no access left once buffers are taken off, no miss */
	compute(writes, &l);
	CHECK(l.hits == 0 && l.misses == 0 && l.dirties == 256 && l.ratio == 0);
	/* read-ahead added more than was read: every access a miss */
	compute(ahead, &l);
	CHECK(l.hits == 0 && l.misses == 10 && l.ratio == 0);
	/* total 950, misses 200 */
	compute(mixed, &l);
	CHECK(l.hits == 750 && l.misses == 200 && l.dirties == 50);
}

int main(void)
{
	struct tm tm = { .tm_year = 126, .tm_mon = 11, .tm_mday = 7, .tm_hour = 18, .tm_min = 33,
			 .tm_sec = 6, .tm_isdst = -1 };
	time_t t = mktime(&tm);
	const __u64 reads[4] = { 512, 256, 0, 0 };

	tb_log_set_tool("test_cachestat");
	CHECK(rejected("0"));
	CHECK(rejected("1 2 3"));
	CHECK(rejected("x"));
	CHECK(rejected("-C")); /* BCC's cachestat has -T alone */

	/* BCC's defaults: a line a second, no end */
	CHECK_INT(parse(""), 0);
	CHECK(!env.timestamp && interval.lines);
	CHECK_INT(interval.interval_ms, 1000);
	CHECK_INT(interval.count, 0);
	CHECK_INT(parse("-T 5 10"), 0);
	CHECK(env.timestamp);
	CHECK_INT(interval.interval_ms, 5000);
	CHECK_INT(interval.count, 10);

	test_compute();
	/* BCC's "%8d %8d %8d %7.2f%% %12.0f %10.0f": 2048 kB of buffers, 1.5 GiB cached */
	CHECK_STR(line_of(reads, false, false, t),
		  "     256      256        0   50.00%            2       1536\n");
	CHECK_STR(line_of(reads, true, false, t),
		  "18:33:06      256      256        0   50.00%            2       1536\n");
	CHECK(strstr(line_of(reads, true, true, t),
		     ",\"hits\":256,\"misses\":256,\"dirties\":0,\"hitratio\":0.5000,\"buffers_mb\":2,"
		     "\"cached_mb\":1536,\"accessed\":512,\"added\":256,\"dirtied\":0}\n") != NULL);
	CHECK(!strncmp(line_of(reads, false, true, t), "{\"ts\":\"2026-12-07 18:33:06\",", 28));
	return check_result("test_cachestat");
}
