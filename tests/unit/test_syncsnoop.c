/* Unit tests of syncsnoop: no options of its own, and its lines against BCC's printf formats. */
#include "check.h"
#include "tracebox.h"

#include "../../frontends/syncsnoop.c"

const char tb_bpf_syncsnoop[] = "";
const char tb_bpf_syncsnoop_name[] = "syncsnoop.bpf.c";

static int parse(const char *line)
{
	char *argv[CHECK_MAX_ARGS];

	return tb_tool_parse(&tool, check_argv("syncsnoop", line, argv), argv);
}

/* The header and one line per event, as the tool prints them (text or --json). */
static const char *render(const struct syncsnoop_event *e, int n, bool json)
{
	static char text[4096];
	FILE *fp = CHECK_OUTPUT_OPEN(&out, text, select_columns, json);

	for (int i = 0; i < n; i++)
		print_event(&e[i]);
	fclose(fp);
	return text;
}

int main(void)
{
	/* ts_ns not a whole microsecond: BCC's event holds microseconds */
	struct syncsnoop_event e[] = {
		{ .ts_ns = 1173253856512345ull, .call = TB_SYNCSNOOP_FDATASYNC, .comm = "worker" },
		{ .ts_ns = 1173427481849000ull, .call = TB_SYNCSNOOP_SYNC_FILE_RANGE,
		  .comm = "sync_file_range" },
		{ .ts_ns = 5000, .call = TB_SYNCSNOOP_SYNCFS, .comm = "0123456789abcdef" },
		{ .ts_ns = 1, .call = TB_SYNCSNOOP_NCALLS, .comm = "edited" },
		{ .ts_ns = 1, .call = 0, .comm = "edited" },
	};
	char want[2048];

	CHECK_INT(parse(""), 0);
	CHECK_INT(parse("--json -v"), 0);
	CHECK(tb_common.json);
	CHECK(rejected("extra"));
	CHECK(rejected("-p 1"));

	/* BCC: "%-18s %-16s %-16s" header, "%-18.9f %-16s %-16s" lines (float(us) / 1000000);
	 * our last column has no trailing padding. A full 16-byte comm has no NUL. */
	snprintf(want, sizeof(want),
		 "%-18s %-16s %s\n%-18.9f %-16s %s\n%-18.9f %-16s %s\n%-18.9f %-16s %s\n"
		 "%-18.9f %-16s %s\n%-18.9f %-16s %s\n",
		 "TIME(s)", "COMM", "CALL",
		 1173253856512.0 / 1e6, "worker", "fdatasync",
		 1173427481849.0 / 1e6, "sync_file_range", "sync_file_range",
		 5.0 / 1e6, "0123456789abcdef", "syncfs",
		 0.0, "edited", "N/A",
		 0.0, "edited", "N/A");
	CHECK_STR(render(e, 5, false), want);
	CHECK(strstr(want, "\n1173253.856512000  worker") != NULL); /* BCC's example line */

	CHECK_STR(render(e, 1, true),
		  "{\"time_s\":1173253.856512000,\"comm\":\"worker\",\"call\":\"fdatasync\"}\n");

	for (unsigned int c = 1; c < TB_SYNCSNOOP_NCALLS; c++)
		CHECK(strcmp(call_name(c), "N/A") != 0);
	CHECK_STR(call_name(TB_SYNCSNOOP_ARM_SYNC_FILE_RANGE), "arm_sync_file_range");
	return check_result("test_syncsnoop");
}
