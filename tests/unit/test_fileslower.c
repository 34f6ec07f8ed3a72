/* Unit tests of fileslower: BCC's flags (-a, -p, min_ms), the cflags, and its lines (BCC's
 * printf formats, the 14-character COMM, long names, whole microseconds) and JSON. */
#include <stdlib.h>

#include "check.h"
#include "tracebox.h"

#include "../../frontends/fileslower.c"

const char tb_bpf_fileslower[] = "";
const char tb_bpf_fileslower_name[] = "fileslower.bpf.c";

static int parse(const char *line)
{
	char *argv[CHECK_MAX_ARGS];

	env = (struct env){ .pid = -1, .min_ms = TB_FILESLOWER_DEFAULT_MS,
			    .attach = TB_ATTACH_AUTO };
	tb_common.json = false;
	return tb_tool_parse(&tool, check_argv("fileslower", line, argv), argv);
}

static struct fileslower_event mk(__u64 after_ns, __u64 delta_ns, __u32 tid, const char *comm,
				  __u32 dir, __u32 bytes, const char *name, __u32 name_len)
{
	struct fileslower_event e;

	memset(&e, 0, sizeof(e));
	e.end_ns = after_ns;
	e.delta_ns = delta_ns;
	e.tid = tid;
	e.dir = dir;
	e.bytes = bytes;
	memcpy(e.comm, comm, strnlen(comm, sizeof(e.comm)));
	memcpy(e.name, name, strnlen(name, sizeof(e.name)));
	e.name_len = name_len;
	return e;
}

/* the lines of these events, TIME(s) counted from 0 */
static char *lines(const struct fileslower_event *e, size_t n)
{
	static char buf[4096];
	FILE *fp = fmemopen(buf, sizeof(buf), "w");
	struct tb_output o;

	tb_output_init(&o, fp, columns, (int)(sizeof(columns) / sizeof(columns[0])),
		       tb_common.json, TB_TIME_NONE);
	o.start_ns = 0;
	tb_output_header(&o);
	for (size_t i = 0; i < n; i++)
		print_event(&o, &e[i]);
	fclose(fp);
	return buf;
}

int main(void)
{
	struct fileslower_event ev[4];
	struct tb_cflags cf = { 0 };
	char want[2048];

	tb_log_set_tool("test_fileslower");

	/* BCC's flags and defaults */
	CHECK_INT(parse(""), 0);
	CHECK(!env.all_files && env.pid == -1 && env.min_ms == 10 && env.attach == TB_ATTACH_AUTO);
	CHECK_INT(parse("-a -p 185 1"), 0);
	CHECK(env.all_files && env.pid == 185 && env.min_ms == 1);
	CHECK_INT(parse("--all-files --pid 7 --attach kprobe 0"), 0);
	CHECK(env.all_files && env.pid == 7 && env.min_ms == 0 && env.attach == TB_ATTACH_KPROBE);
	CHECK(rejected("-p 0"));
	CHECK(rejected("abc"));
	CHECK(rejected("-1"));
	CHECK(rejected("3600001"));
	CHECK(rejected("1 2"));
	CHECK(rejected("--attach tracepoint"));

	/* -p, -a and min_ms reach the BPF side as TARG_PID, ALL_FILES, MIN_US; 0 sets no MIN_US */
	CHECK_INT(parse("-p 181 -a 5"), 0);
	CHECK_INT(prepare(&cf), 0);
	CHECK(has_flag(&cf, "-DTARG_PID=181") && has_flag(&cf, "-DALL_FILES=1") &&
	      has_flag(&cf, "-DMIN_US=5000"));
	tb_cflags_free(&cf);
	CHECK_INT(parse("0"), 0);
	CHECK_INT(prepare(&cf), 0);
	CHECK_INT(cf.n, 0);
	tb_cflags_free(&cf);

	/* text: BCC's header "%-8s %-14s %-6s %1s %-7s %7s %s" and lines
	 * "%-8.3f %-14.14s %-6s %1s %-7s %7.2f %s": COMM cut at 14, LAT of whole microseconds,
	 * a name past 32 bytes as its first 29 and "...", one of exactly 32 whole */
	ev[0] = mk(1500000000ull, 12345678, 4242, "dd", TB_FILESLOWER_WRITE, 1048576, "big.img", 7);
	ev[1] = mk(2250000000ull, 1999999, 4250, "0123456789abcdef", TB_FILESLOWER_READ, 65536,
		   "0123456789abcdefghijklmnopqrstuv", 40);
	ev[2] = mk(12000000000ull, 100000000, 1, "systemd", TB_FILESLOWER_READ, 1,
		   "0123456789abcdefghijklmnopqrstuv", 32);
	CHECK_INT(parse("1"), 0);
	snprintf(want, sizeof(want),
		 "%-8s %-14s %-6s %1s %-7s %7s %s\n"
		 "%-8.3f %-14.14s %-6s %1s %-7s %7.2f %s\n"
		 "%-8.3f %-14.14s %-6s %1s %-7s %7.2f %s\n"
		 "%-8.3f %-14.14s %-6s %1s %-7s %7.2f %s\n",
		 "TIME(s)", "COMM", "TID", "D", "BYTES", "LAT(ms)", "FILENAME",
		 1.5, "dd", "4242", "W", "1048576", 12.345, "big.img",
		 2.25, "0123456789abcdef", "4250", "R", "65536", 1.999,
		 "0123456789abcdefghijklmnopqrs...",
		 12.0, "systemd", "1", "R", "1", 100.0, "0123456789abcdefghijklmnopqrstuv");
	CHECK_STR(lines(ev, 3), want);

	/* --json: one object per call */
	CHECK_INT(parse("--json 1"), 0);
	CHECK_STR(lines(ev, 1), "{\"time_s\":1.500,\"comm\":\"dd\",\"tid\":4242,\"dir\":\"W\","
		  "\"bytes\":1048576,\"lat_ms\":12.35,\"filename\":\"big.img\"}\n");
	return check_result("test_fileslower");
}
