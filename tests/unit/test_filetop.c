/* Unit tests of filetop: BCC's flags (-a -C -r -s -p, interval, count), the cflags, and a
 * summary's text (BCC's printf formats, each -s order, MAXROWS, long names) and JSON. */
#include <stdlib.h>

#include "check.h"
#include "tracebox.h"

#include "../../frontends/filetop.c"

const char tb_bpf_filetop[] = "";
const char tb_bpf_filetop_name[] = "filetop.bpf.c";

static int parse(const char *line)
{
	char *argv[CHECK_MAX_ARGS];

	env = (struct env){ .maxrows = TB_TOP_MAXROWS, .pid = -1, .attach = TB_ATTACH_AUTO };
	interval.interval_ms = 1000;
	interval.count = 0;
	tb_common.json = false;
	return tb_tool_parse(&tool, check_argv("filetop", line, argv), argv);
}

static time_t at_08_41_20(void)
{
	struct tm tm = { .tm_year = 126, .tm_mon = 11, .tm_mday = 7, .tm_hour = 8, .tm_min = 41,
			 .tm_sec = 20, .tm_isdst = -1 };

	return mktime(&tm);
}

/* what one summary prints for these rows, sorted as tb_top_read sorts them */
static char *summary(struct row *rows, size_t n)
{
	static char buf[4096];
	FILE *fp = fmemopen(buf, sizeof(buf), "w");

	tb_top_sort(rows, n, &counts);
	tb_top_print_rows(&counts, view(), fp, rows, n, at_08_41_20(), "0.93 0.61 0.40 2/312 4242");
	fclose(fp);
	return buf;
}

/* a row: tid, comm, name (its length given: longer than kept for the "..." case), type,
 * reads, writes, rbytes, wbytes */
static struct row mk(__u32 tid, const char *comm, const char *name, __u32 name_len, char type,
		     __u64 reads, __u64 writes, __u64 rbytes, __u64 wbytes)
{
	struct row r;

	memset(&r, 0, sizeof(r));
	r.key.tid = tid;
	r.key.inode = tid * 7u;
	memcpy(r.key.comm, comm, strnlen(comm, sizeof(r.key.comm)));
	memcpy(r.key.name, name, strnlen(name, TB_FILETOP_NAME_LEN));
	r.key.name_len = name_len;
	r.key.type = type;
	r.val = (struct filetop_val){ reads, writes, rbytes, wbytes };
	return r;
}

/* most calls, most bytes read, most bytes written, fewest, a 40-byte name (32 kept); made
 * afresh for each summary, which sorts them in place */
static struct row *fill(struct row rows[5])
{
	rows[0] = mk(26628, "ld", "ext4.h", 6, 'R', 3000, 0, 3000 * 4096ull, 0);
	rows[1] = mk(26630, "cc1", "cacheinfo.s", 11, 'R', 10, 2, 100 * 1024 * 1024ull, 8192);
	rows[2] = mk(26634, "as", "sysctl.o", 8, 'R', 1, 900, 1024, 50 * 1024 * 1024ull + 1023);
	rows[3] = mk(1, "systemd", "socket", 6, 'S', 1, 1, 1, 1);
	rows[4] = mk(26640, "0123456789abcdef", "0123456789abcdefghijklmnopqrstuv", 40, 'O', 2, 0,
		     2048, 0);
	return rows;
}

int main(void)
{
	struct row rows[5];
	struct tb_cflags cf = { 0 };
	char want[2048];

	tb_log_set_tool("test_filetop");

	/* BCC's flags and defaults */
	CHECK_INT(parse(""), 0);
	CHECK(!env.all_files && !env.noclear && env.maxrows == 20 && env.sort == SORT_ALL);
	CHECK(env.pid == -1 && interval.interval_ms == 1000 && interval.count == 0);
	CHECK_INT(parse("-a -C -r 5 -s rbytes -p 181 5 10"), 0);
	CHECK(env.all_files && env.noclear && env.maxrows == 5 && env.sort == SORT_RBYTES);
	CHECK(env.pid == 181 && interval.interval_ms == 5000 && interval.count == 10);
	CHECK_INT(parse("--all-files --noclear --maxrows 3 --sort wbytes --pid 7"), 0);
	CHECK(env.all_files && env.noclear && env.maxrows == 3 && env.sort == SORT_WBYTES);
	CHECK_INT(parse("-s reads --attach kprobe"), 0);
	CHECK(env.sort == SORT_READS && env.attach == TB_ATTACH_KPROBE);
	CHECK(rejected("-s bytes"));
	CHECK(rejected("-s"));
	CHECK(rejected("-r 0"));
	CHECK(rejected("-p 0"));
	CHECK(rejected("0"));
	CHECK(rejected("1 2 3"));
	CHECK(rejected("--attach tracepoint"));

	/* -p and -a reach the BPF side as TARG_PID and ALL_FILES, nothing without them */
	CHECK_INT(parse("-p 181 -a"), 0);
	CHECK_INT(prepare(&cf), 0);
	CHECK(has_flag(&cf, "-DTARG_PID=181") && has_flag(&cf, "-DALL_FILES=1"));
	tb_cflags_free(&cf);
	CHECK_INT(parse(""), 0);
	CHECK_INT(prepare(&cf), 0);
	CHECK_INT(cf.n, 0);
	tb_cflags_free(&cf);

	/* text: the head, BCC's header "%-7s %-16s %-6s %-6s %-7s %-7s %1s %s" and rows
	 * "%-7d %-16s %-6d %-6d %-7d %-7d %1s %s", KiB rounded down; "all" sorts on the sum of
	 * the four raw values (cc1's 100 MiB first, then as's 50 MiB, ld's 12 MB) */
	CHECK_INT(parse("-C"), 0);
	snprintf(want, sizeof(want),
		 "\n%-8s loadavg: %s\n\n"
		 "%-7s %-16s %-6s %-6s %-7s %-7s %1s %s\n"
		 "%-7d %-16s %-6d %-6d %-7d %-7d %1s %s\n"
		 "%-7d %-16s %-6d %-6d %-7d %-7d %1s %s\n"
		 "%-7d %-16s %-6d %-6d %-7d %-7d %1s %s\n"
		 "%-7d %-16s %-6d %-6d %-7d %-7d %1s %s\n"
		 "%-7d %-16s %-6d %-6d %-7d %-7d %1s %s\n",
		 "08:41:20", "0.93 0.61 0.40 2/312 4242",
		 "TID", "COMM", "READS", "WRITES", "R_Kb", "W_Kb", "T", "FILE",
		 26630, "cc1", 10, 2, 102400, 8, "R", "cacheinfo.s",
		 26634, "as", 1, 900, 1, 51200, "R", "sysctl.o",
		 26628, "ld", 3000, 0, 12000, 0, "R", "ext4.h",
		 26640, "0123456789abcdef", 2, 0, 2, 0, "O", "0123456789abcdefghijklmnopqrs...",
		 1, "systemd", 1, 1, 0, 0, "S", "socket");
	CHECK_STR(summary(fill(rows), 5), want);

	/* each -s column, with -r 1: the largest alone */
	CHECK_INT(parse("-C -r 1 -s reads"), 0);
	CHECK(strstr(summary(fill(rows), 5), "\n26628   ld ") != NULL);
	CHECK_INT(parse("-C -r 1 -s writes"), 0);
	CHECK(strstr(summary(fill(rows), 5), "\n26634   as ") != NULL);
	CHECK_INT(parse("-C -r 1 -s rbytes"), 0);
	CHECK(strstr(summary(fill(rows), 5), "\n26630   cc1 ") != NULL);
	CHECK_INT(parse("-C -r 1 -s wbytes"), 0);
	CHECK(strstr(summary(fill(rows), 5), "\n26634   as ") != NULL);
	CHECK(strstr(summary(fill(rows), 5), "26630") == NULL);

	/* a name of exactly 32 bytes is whole (BCC: "..." only past 32) */
	rows[0] = mk(5, "x", "0123456789abcdefghijklmnopqrstuv", 32, 'R', 1, 0, 0, 0);
	CHECK_INT(parse("-C -r 1 -s reads"), 0);
	CHECK(strstr(summary(rows, 1), " R 0123456789abcdefghijklmnopqrstuv\n") != NULL);

	/* --json: one object, the rows in order, bytes whole */
	CHECK_INT(parse("--json -r 2 -s writes"), 0);
	CHECK_STR(summary(fill(rows), 5),
		  "{\"ts\":\"2026-12-07 08:41:20\",\"loadavg\":\"0.93 0.61 0.40 2/312 4242\",\"rows\":["
		  "{\"tid\":26634,\"comm\":\"as\",\"reads\":1,\"writes\":900,\"r_kb\":1,\"w_kb\":51200,"
		  "\"rbytes\":1024,\"wbytes\":52429823,\"type\":\"R\",\"file\":\"sysctl.o\"},"
		  "{\"tid\":26630,\"comm\":\"cc1\",\"reads\":10,\"writes\":2,\"r_kb\":102400,\"w_kb\":8,"
		  "\"rbytes\":104857600,\"wbytes\":8192,\"type\":\"R\",\"file\":\"cacheinfo.s\"}]}\n");
	return check_result("test_filetop");
}
