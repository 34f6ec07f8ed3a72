/* Unit tests of biotop: BCC's flags, the cflags, and a summary's text (BCC's printf formats,
 * sorted on bytes, MAXROWS) and JSON; the shared top-style head and sort (tb_top.h). */
#include <stdlib.h>

#include "check.h"
#include "tracebox.h"

#include "../../frontends/biotop.c"

const char tb_bpf_biotop[] = "";
const char tb_bpf_biotop_name[] = "biotop.bpf.c";

static int parse(const char *line)
{
	char *argv[CHECK_MAX_ARGS];

	env = (struct env){ .maxrows = TB_TOP_MAXROWS, .pid = -1 };
	interval.interval_ms = 1000;
	interval.count = 0;
	tb_common.json = false;
	return tb_tool_parse(&tool, check_argv("biotop", line, argv), argv);
}

static time_t at_09_39_04(void)
{
	struct tm tm = { .tm_year = 126, .tm_mon = 11, .tm_mday = 7, .tm_hour = 9, .tm_min = 39,
			 .tm_sec = 4, .tm_isdst = -1 };

	return mktime(&tm);
}

/* what one summary prints for these rows, sorted as tb_top_read sorts them */
static char *summary(struct row *rows, size_t n)
{
	static char buf[4096];
	FILE *fp = fmemopen(buf, sizeof(buf), "w");

	tb_top_sort(rows, n, &counts);
	tb_top_print_rows(&counts, view(), fp, rows, n, at_09_39_04(), "0.42 0.44 0.39 2/282 22115");
	fclose(fp);
	return buf;
}

int main(void)
{
	/* BCC's example: cksum's reads, dd's, jbd2's writes; the last one's disk has no name */
	struct row rows[] = {
		{ { 326, 1, (202u << 20) | 1, "jbd2/xvda1-8" }, { 168 * 1024, 9000000, 3, 0 } },
		{ { 14501, 0, (202u << 20) | 1, "cksum" }, { 28832 * 1024, 1223790000, 361, 0 } },
		{ { 6961, 0, (202u << 20) | 1, "dd" }, { 13024 * 1024 + 1023, 960520000, 1628, 0 } },
		{ { 9251, 1, 7u << 20 | 16, "0123456789abcdef" }, { 8192, 260000, 2, 0 } },
	};
	struct tb_cflags cf = { 0 };
	char want[2048];

	tb_log_set_tool("test_biotop");
	tb_disk_names_parse(&disks, " 202       1 xvda1 0 0 0 0\n");
	disks.read_ns = tb_monotonic_ns(); /* no re-read of this machine's for the unknown one */

	/* BCC's flags: -C -r MAXROWS -p PID [interval [count]] */
	CHECK_INT(parse(""), 0);
	CHECK(!env.noclear && env.maxrows == 20 && env.pid == -1);
	CHECK(interval.interval_ms == 1000 && interval.count == 0);
	CHECK_INT(parse("-C -r 5 -p 181 5 10"), 0);
	CHECK(env.noclear && env.maxrows == 5 && env.pid == 181);
	CHECK(interval.interval_ms == 5000 && interval.count == 10);
	CHECK_INT(parse("--noclear --maxrows 3 --pid 7 --json"), 0);
	CHECK(env.noclear && env.maxrows == 3 && env.pid == 7 && tb_common.json);
	CHECK(rejected("-r 0"));
	CHECK(rejected("-r x"));
	CHECK(rejected("-p 0"));
	CHECK(rejected("0"));
	CHECK(rejected("1 2 3"));
	CHECK(rejected("-d vda"));

	/* -p reaches the BPF side as TARG_PID, none without it */
	CHECK_INT(parse("-p 181"), 0);
	CHECK_INT(prepare(&cf), 0);
	CHECK(has_flag(&cf, "-DTARG_PID=181"));
	tb_cflags_free(&cf);
	CHECK_INT(parse(""), 0);
	CHECK_INT(prepare(&cf), 0);
	CHECK_INT(cf.n, 0);
	tb_cflags_free(&cf);

	/* text: a blank line (-C, or not a terminal), "%-8s loadavg: %s" and a blank line, the
	 * header "%-7s %-16s %1s %-3s %-3s %-8s %5s %7s %6s", rows largest first in bytes as
	 * "%-7d %-16s %1s %-3d %-3d %-8s %5s %7s %6.2f", Kbytes rounded down */
	CHECK_INT(parse("-C"), 0);
	snprintf(want, sizeof(want),
		 "\n%-8s loadavg: %s\n\n"
		 "%-7s %-16s %1s %-3s %-3s %-8s %5s %7s %6s\n"
		 "%-7d %-16s %1s %-3d %-3d %-8s %5d %7d %6.2f\n"
		 "%-7d %-16s %1s %-3d %-3d %-8s %5d %7d %6.2f\n"
		 "%-7d %-16s %1s %-3d %-3d %-8s %5d %7d %6.2f\n"
		 "%-7d %-16s %1s %-3d %-3d %-8s %5d %7d %6.2f\n",
		 "09:39:04", "0.42 0.44 0.39 2/282 22115",
		 "PID", "COMM", "D", "MAJ", "MIN", "DISK", "I/O", "Kbytes", "AVGms",
		 14501, "cksum", "R", 202, 1, "xvda1", 361, 28832, 3.39,
		 6961, "dd", "R", 202, 1, "xvda1", 1628, 13024, 0.59,
		 326, "jbd2/xvda1-8", "W", 202, 1, "xvda1", 3, 168, 3.00,
		 9251, "0123456789abcdef", "W", 7, 16, "?", 2, 8, 0.13);
	CHECK_STR(summary(rows, 4), want);

	/* -r 2: the two largest; no -C into a file: still the blank line, no escape codes */
	CHECK_INT(parse("-r 2"), 0);
	snprintf(want, sizeof(want),
		 "\n%-8s loadavg: %s\n\n"
		 "%-7s %-16s %1s %-3s %-3s %-8s %5s %7s %6s\n"
		 "%-7d %-16s %1s %-3d %-3d %-8s %5d %7d %6.2f\n"
		 "%-7d %-16s %1s %-3d %-3d %-8s %5d %7d %6.2f\n",
		 "09:39:04", "0.42 0.44 0.39 2/282 22115",
		 "PID", "COMM", "D", "MAJ", "MIN", "DISK", "I/O", "Kbytes", "AVGms",
		 14501, "cksum", "R", 202, 1, "xvda1", 361, 28832, 3.39,
		 6961, "dd", "R", 202, 1, "xvda1", 1628, 13024, 0.59);
	CHECK_STR(summary(rows, 4), want);

	/* an empty interval: the head and header alone */
	CHECK_INT(parse("-C"), 0);
	CHECK_STR(summary(rows, 0), "\n09:39:04 loadavg: 0.42 0.44 0.39 2/282 22115\n\n"
		  "PID     COMM             D MAJ MIN DISK       I/O  Kbytes  AVGms\n");

	/* --json: one object, the rows in the same order, bytes whole */
	CHECK_INT(parse("--json -r 2"), 0);
	CHECK_STR(summary(rows, 4),
		  "{\"ts\":\"2026-12-07 09:39:04\",\"loadavg\":\"0.42 0.44 0.39 2/282 22115\",\"rows\":["
		  "{\"pid\":14501,\"comm\":\"cksum\",\"d\":\"R\",\"maj\":202,\"min\":1,\"disk\":\"xvda1\","
		  "\"io\":361,\"kbytes\":28832,\"bytes\":29523968,\"avg_ms\":3.390},"
		  "{\"pid\":6961,\"comm\":\"dd\",\"d\":\"R\",\"maj\":202,\"min\":1,\"disk\":\"xvda1\","
		  "\"io\":1628,\"kbytes\":13024,\"bytes\":13337599,\"avg_ms\":0.590}]}\n");
	CHECK_INT(parse("--json"), 0);
	CHECK_STR(summary(rows, 0), "{\"ts\":\"2026-12-07 09:39:04\",\"loadavg\":"
		  "\"0.42 0.44 0.39 2/282 22115\",\"rows\":[]}\n");

	/* equal bytes: by key, so the order is the same every time */
	struct row same[] = {
		{ { 20, 0, 1, "b" }, { 4096, 1, 1, 0 } },
		{ { 10, 0, 1, "a" }, { 4096, 1, 1, 0 } },
	};
	tb_top_sort(same, 2, &counts);
	CHECK_INT(same[0].key.pid, 10);
	CHECK_INT(same[1].key.pid, 20);
	CHECK_INT(tb_top_rows(30, 20), 20);
	CHECK_INT(tb_top_rows(3, 20), 3);
	return check_result("test_biotop");
}
