/* Unit tests of drsnoop: BCC's flags (-v its own, --verbose the loader's), the cflags they give,
 * and its lines against BCC's printf formats (-T -U -v, -t, --memcg, -n, --json). */
#include <stdlib.h>

#include "check.h"
#include "tracebox.h"

#include "../../frontends/drsnoop.c"

const char tb_bpf_drsnoop[] = "";
const char tb_bpf_drsnoop_name[] = "drsnoop.bpf.c";

static int parse(const char *line)
{
	char *argv[CHECK_MAX_ARGS];

	env = (struct env){ .pid = -1, .tid = -1, .uid = -1, .page_kb = 4 };
	tb_common.verbosity = 0;
	return tb_tool_parse(&tool, check_argv("drsnoop", line, argv), argv);
}

/* The header and one line per event, as the tool prints them */
static const char *render(const struct drsnoop_event *e, int n, bool json)
{
	static char text[4096];
	FILE *fp;

	tb_common.json = json;
	first_ts = 0;
	fp = CHECK_OUTPUT_OPEN(&out, text, columns, json);
	for (int i = 0; i < n; i++)
		print_event(&e[i]);
	fclose(fp);
	return text;
}

int main(void)
{
	struct drsnoop_event e[] = {
		{ .ts = 107364115000ull, .delta_ns = 240000, .nr_reclaimed = 50, .free_pages = 21565,
		  .pid = 17491, .tid = 17492, .uid = 1000, .kind = TB_DRSNOOP_DIRECT,
		  .comm = "summond" },
		/* a full 16-byte name has no NUL; BCC cuts it to 14 in text */
		{ .ts = 108864115000ull, .delta_ns = 104840000, .nr_reclaimed = 313,
		  .free_pages = 21557, .pid = 4194304, .tid = 4194304, .uid = 0,
		  .kind = TB_DRSNOOP_MEMCG, .comm = "0123456789abcdef" },
	};
	struct tb_cflags cf = { 0 };
	char want[1024];

	tb_log_set_tool("test_drsnoop");

	/* BCC's flags; -v and -e are free memory, --verbose stays the loader's */
	CHECK_INT(parse(""), 0);
	CHECK(!env.timestamp && !env.print_uid && !env.free_mem && !env.memcg);
	CHECK(env.pid < 0 && env.tid < 0 && env.uid < 0 && !env.name && !env.duration_ms);
	CHECK_INT(parse("-T -U -p 181 -t 123 -u 1000 -d 10 -n main -v --memcg"), 0);
	CHECK(env.timestamp && env.print_uid && env.free_mem && env.memcg);
	CHECK_INT(env.pid, 181);
	CHECK_INT(env.tid, 123);
	CHECK_INT(env.uid, 1000);
	CHECK_INT(env.duration_ms, 10000);
	CHECK_STR(env.name, "main");
	CHECK_INT(tb_common.verbosity, 0);
	CHECK_INT(parse("-e --verbose"), 0);
	CHECK(env.free_mem);
	CHECK_INT(tb_common.verbosity, 1);
	CHECK_INT(parse("--timestamp --print-uid --pid 5 --duration 0.5 --extended"), 0);
	CHECK(env.timestamp && env.print_uid && env.free_mem);
	CHECK_INT(env.duration_ms, 500);
	CHECK(rejected("-p 0"));
	CHECK(rejected("-t x"));
	CHECK(rejected("-u no-such-user-tb"));
	CHECK(rejected("-d 0"));
	CHECK(rejected("-n"));
	CHECK(rejected("extra"));

	/* the filters reach the BPF side; -t wins over -p, as BCC's */
	CHECK_INT(parse("-p 181 -t 123 -u 0 --memcg"), 0);
	CHECK_INT(build_cflags(&cf), 0);
	CHECK(has_flag(&cf, "-DTARG_TID=123") && !has_flag(&cf, "-DTARG_PID=181"));
	CHECK(has_flag(&cf, "-DTARG_UID=0") && has_flag(&cf, "-DMEMCG=1"));
	CHECK_INT(cf.n, 3);
	tb_cflags_free(&cf);
	CHECK_INT(parse("-p 181 -v"), 0);
	env.zone_stat = 0xffffffff82a3b4c0ull;
	CHECK_INT(build_cflags(&cf), 0);
	CHECK(has_flag(&cf, "-DTARG_PID=181"));
	CHECK(has_flag(&cf, "-DVM_ZONE_STAT_ADDR=0xffffffff82a3b4c0ULL"));
	CHECK_INT(cf.n, 2);
	tb_cflags_free(&cf);

	/* BCC: "%-14s %-6s %8s %5s" / "%-14.14s %-6s %8.2f %5d" */
	CHECK_INT(parse(""), 0);
	snprintf(want, sizeof(want), "%-14s %-6s %8s %5s\n%-14.14s %-6d %8.2f %5d\n%-14.14s %-6d %8.2f %5d\n",
		 "COMM", "PID", "LAT(ms)", "PAGES", "summond", 17491, 0.24, 50, "0123456789abcdef",
		 4194304, 104.84, 313);
	CHECK_STR(render(e, 2, false), want);

	/* -T -U -v: "%-14s" TIME(s) and "%-6s" UID before, "%10s" FREE(KB) after, no spaces */
	CHECK_INT(parse("-T -U -v"), 0);
	snprintf(want, sizeof(want),
		 "%-14s%-6s%-14s %-6s %8s %5s%10s\n"
		 "%-14.9f%-6d%-14.14s %-6d %8.2f %5d%10d\n%-14.9f%-6d%-14.14s %-6d %8.2f %5d%10d\n",
		 "TIME(s)", "UID", "COMM", "PID", "LAT(ms)", "PAGES", "FREE(KB)",
		 0.0, 1000, "summond", 17491, 0.24, 50, 21565 * 4,
		 1.5, 0, "0123456789abcdef", 4194304, 104.84, 313, 21557 * 4);
	CHECK_STR(render(e, 2, false), want);

	/* -t: the TID in PID's place; --memcg: which reclaim, last */
	CHECK_INT(parse("-t 17492 --memcg"), 0);
	snprintf(want, sizeof(want), "%-14s %-6s %8s %5s %s\n%-14.14s %-6d %8.2f %5d %s\n",
		 "COMM", "TID", "LAT(ms)", "PAGES", "RECLAIM", "summond", 17492, 0.24, 50, "direct");
	CHECK_STR(render(e, 1, false), want);

	/* -n: a part of the whole name, as BCC matches it */
	CHECK_INT(parse("-n cdef"), 0);
	snprintf(want, sizeof(want), "%-14s %-6s %8s %5s\n%-14.14s %-6d %8.2f %5d\n",
		 "COMM", "PID", "LAT(ms)", "PAGES", "0123456789abcdef", 4194304, 104.84, 313);
	CHECK_STR(render(e, 2, false), want);

	/* --json: the whole name, every column */
	CHECK_INT(parse("-T -U -v --memcg"), 0);
	CHECK_STR(render(&e[1], 1, true),
		  "{\"time_s\":0.000000000,\"uid\":0,\"comm\":\"0123456789abcdef\",\"pid\":4194304,"
		  "\"lat_ms\":104.84,\"pages\":313,\"free_kb\":86228,\"reclaim\":\"memcg\"}\n");
	return check_result("test_drsnoop");
}
