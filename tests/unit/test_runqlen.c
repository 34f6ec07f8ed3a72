/* Unit tests of runqlen's options (BCC's flags), its cflags and its occupancy lines (-O). */
#include <string.h>

#include "check.h"
#include "tracebox.h"

#define TB_NO_MAIN
#include "../../frontends/runqlen.c"

const char tb_bpf_runqlen[] = "";
const char tb_bpf_runqlen_name[] = "runqlen.bpf.c";

static int parse(const char *line)
{
	char *argv[CHECK_MAX_ARGS];

	return tb_tool_parse(&tool, check_argv("runqlen", line, argv), argv);
}

/* print_occupancy's text for set into buf */
static const char *occupancy(const struct tb_hist_set *set, bool per_cpu, bool json)
{
	static char buf[1024];
	FILE *fp;

	memset(buf, 0, sizeof(buf));
	fp = fmemopen(buf, sizeof(buf), "w");

	print_occupancy(fp, set, per_cpu, json, 0);
	fclose(fp);
	return buf;
}

/* a -C section: CPU cpu, samples idle (length 0) and queued at length 1 and 3 */
static void cpu_hist(struct tb_hist *h, __u32 cpu, __u64 idle, __u64 one, __u64 three)
{
	memset(h, 0, sizeof(*h));
	memcpy(h->section, &cpu, sizeof(cpu));
	h->slots[0] = idle;
	h->slots[1] = one;
	h->slots[3] = three;
	h->total = idle + one + three;
}

static void test_occupancy(void)
{
	struct tb_hist hists[2];
	struct tb_hist_set flat = { .hists = hists, .n = 1 }, none = { 0 };
	struct tb_hist_set cpus = { .hists = hists, .n = 2, .section_size = 8 };
	const char *ts;

	/* BCC's "runqocc: %0.2f%%": 41 of 100 samples found a task waiting */
	cpu_hist(&hists[0], 0, 59, 40, 1);
	CHECK_STR(occupancy(&flat, false, false), "runqocc: 41.00%\n");
	CHECK_STR(occupancy(&none, false, false), "runqocc: 0.00%\n");
	ts = occupancy(&flat, false, true);
	CHECK(!strncmp(ts, "{\"ts\":\"", 7));
	CHECK(strstr(ts, "\",\"samples\":100,\"queued\":41,\"runqocc\":41.00}\n") != NULL);

	/* -C: CPUs 0 to the highest sampled, one not sampled at 0.00% (BCC's "%-3d %6.2f%%") */
	cpu_hist(&hists[0], 1, 2, 1, 0);
	cpu_hist(&hists[1], 3, 0, 0, 99);
	CHECK_STR(occupancy(&cpus, true, false),
		  "runqocc, CPU 0     0.00%\nrunqocc, CPU 1    33.33%\nrunqocc, CPU 2     0.00%\n"
		  "runqocc, CPU 3   100.00%\n");
	ts = occupancy(&cpus, true, true);
	CHECK(strstr(ts, ",\"cpus\":[{\"cpu\":0,\"samples\":0,\"queued\":0,\"runqocc\":0.00},"
			 "{\"cpu\":1,\"samples\":3,\"queued\":1,\"runqocc\":33.33},{\"cpu\":2,"
			 "\"samples\":0,\"queued\":0,\"runqocc\":0.00},{\"cpu\":3,\"samples\":99,"
			 "\"queued\":99,\"runqocc\":100.00}]}\n") != NULL);
	/* nothing sampled at all (an interval ended at once): no line, as BCC */
	CHECK_STR(occupancy(&none, true, false), "");
}

int main(void)
{
	struct tb_cflags cf = { 0 };

	tb_log_set_tool("test_runqlen");
	CHECK(rejected("0"));
	CHECK(rejected("1 0"));
	CHECK(rejected("1 2 3"));
	CHECK(rejected("x"));
	CHECK(rejected("-p 1")); /* BCC's runqlen has no -p */

	CHECK_INT(parse(""), 0);
	CHECK(!env.occupancy && !env.per_cpu && !interval.timestamp);
	CHECK_INT(interval.interval_ms, 0);
	CHECK_INT(build_cflags(&cf), 0);
	CHECK_INT(cf.n, 0);

	CHECK_INT(parse("-COT 1 5"), 0);
	CHECK(env.occupancy && env.per_cpu && interval.timestamp);
	CHECK_INT(interval.interval_ms, 1000);
	CHECK_INT(interval.count, 5);
	CHECK_INT(build_cflags(&cf), 0);
	CHECK(has_flag(&cf, "-DTB_PER_CPU=1"));
	CHECK_INT(cf.n, 1);
	tb_cflags_free(&cf);

	env = (struct env){ 0 };
	CHECK_INT(parse("--runqocc --cpus --timestamp"), 0);
	CHECK(env.occupancy && env.per_cpu);

	test_occupancy();
	return check_result("test_runqlen");
}
