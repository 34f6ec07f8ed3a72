/* Unit tests of gethostlatency: its options, and its lines against BCC's printf formats. */
#include <stdlib.h>

#include "check.h"
#include "tracebox.h"

#include "../../frontends/gethostlatency.c"

const char tb_bpf_gethostlatency[] = "";
const char tb_bpf_gethostlatency_name[] = "gethostlatency.bpf.c";

static int parse(const char *line)
{
	char *argv[CHECK_MAX_ARGS];

	env.pid = -1;
	return tb_tool_parse(&tool, check_argv("gethostlatency", line, argv), argv);
}

static const struct tb_column *fixed_columns(int *n, enum tb_time_mode *time)
{
	*n = tool.ncols;
	*time = tool.time_mode;
	return tool.cols;
}

/* The header and one line per event, as the tool prints them (text or --json). */
static const char *render(const struct gethostlatency_event *ev, int n, time_t wall, bool json)
{
	static char text[4096];
	FILE *fp = CHECK_OUTPUT_OPEN(&out, text, fixed_columns, json);

	for (int i = 0; i < n; i++)
		print_event(&ev[i], wall);
	fclose(fp);
	return text;
}

int main(void)
{
	/* BCC's example's lookups; a full 16-byte comm has no NUL; a lookup over 10 s */
	struct gethostlatency_event ev[] = {
		{ .ns = 90000000, .pid = 28011, .comm = "wget", .host = "www.iovisor.org" },
		{ .ns = 4999, .pid = 29404, .comm = "curl", .host = "foo" },
		{ .ns = 12345678901ull, .pid = 4194304, .comm = "0123456789abcdef", .host = "" },
	};
	time_t wall = 6 * 3600 + 10 * 60 + 24; /* 06:10:24 UTC */
	char want[2048];

	setenv("TZ", "UTC", 1);
	tzset();
	CHECK_INT(parse(""), 0);
	CHECK_INT(env.pid, -1);
	CHECK_INT(parse("-p 181 --json"), 0);
	CHECK_INT(env.pid, 181);
	CHECK(tb_common.json);
	CHECK_INT(parse("--pid 7"), 0);
	CHECK_INT(env.pid, 7);
	CHECK(rejected("extra"));
	CHECK(rejected("-p 0"));
	CHECK(rejected("-p abc"));
	CHECK(rejected("-l /lib/libc.so.6")); /* libbpf-tools' -l is not BCC's */
	tb_common.json = false;

	/* BCC: "%-9s %-7s %-16s %10s %s" header, "%-9s %-7d %-16s %10.2f %s" lines; the last
	 * column has no trailing padding */
	snprintf(want, sizeof(want),
		 "%-9s %-7s %-16s %10s %s\n%-9s %-7d %-16s %10.2f %s\n%-9s %-7d %-16s %10.2f %s\n"
		 "%-9s %-7d %-16s %10.2f %s\n",
		 "TIME", "PID", "COMM", "LATms", "HOST",
		 "06:10:24", 28011, "wget", 90.0, "www.iovisor.org",
		 "06:10:24", 29404, "curl", 0.004999, "foo",
		 "06:10:24", 4194304, "0123456789abcdef", 12345.678901, "");
	/* a line ending in the empty HOST keeps BCC's separator before it */
	CHECK_STR(render(ev, 3, wall, false), want);

	CHECK_STR(render(ev, 2, wall, true),
		  "{\"time\":\"06:10:24\",\"pid\":28011,\"comm\":\"wget\",\"lat_ms\":90.00,"
		  "\"host\":\"www.iovisor.org\"}\n"
		  "{\"time\":\"06:10:24\",\"pid\":29404,\"comm\":\"curl\",\"lat_ms\":0.00,"
		  "\"host\":\"foo\"}\n");
	return check_result("test_gethostlatency");
}
