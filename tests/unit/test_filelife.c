/* Unit tests of filelife: BCC's flags, and its header and lines (BCC's "%-8s %-7d %-16s %-7.2f
 * %s", a full 32-byte name) in text and JSON. */
#include <stdlib.h>

#include "check.h"
#include "tracebox.h"

#include "../../frontends/filelife.c"

const char tb_bpf_filelife[] = "";
const char tb_bpf_filelife_name[] = "filelife.bpf.c";

static int parse(const char *line)
{
	char *argv[CHECK_MAX_ARGS];

	env = (struct env){ .pid = -1, .attach = TB_ATTACH_AUTO };
	return tb_tool_parse(&tool, check_argv("filelife", line, argv), argv);
}

/* the header and one event's line, the time column cut off (it is the wall clock) */
static char *print(const struct filelife_event *e, bool json)
{
	static char buf[1024];
	FILE *fp = fmemopen(buf, sizeof(buf), "w");

	tb_output_init(&out, fp, columns, 4, json, TB_TIME_CLOCK);
	tb_output_header(&out);
	handle_event(NULL, 0, e, sizeof(*e));
	fclose(fp);
	return buf;
}

int main(void)
{
	struct filelife_event e = { .age_ns = 5110000000ull, .pid = 18772, .comm = "gcc" };
	char want[512], *got, *nl;

	tb_log_set_tool("test_filelife");
	CHECK_INT(parse(""), 0);
	CHECK(env.pid == -1 && env.attach == TB_ATTACH_AUTO);
	CHECK_INT(parse("-p 181 --attach kprobe"), 0);
	CHECK(env.pid == 181 && env.attach == TB_ATTACH_KPROBE);
	CHECK_INT(parse("--pid 7 --attach fentry"), 0);
	CHECK(env.pid == 7 && env.attach == TB_ATTACH_FENTRY);
	CHECK(rejected("-p 0"));
	CHECK(rejected("-p x"));
	CHECK(rejected("--attach tracepoint"));
	CHECK(rejected("1"));

	/* BCC's header, then "%-8s %-7d %-16s %-7.2f %s" (after the 8-character time) */
	memcpy(e.name, "ccCzZJd7.s", 10);
	got = print(&e, false);
	nl = strchr(got, '\n');
	CHECK(nl != NULL);
	if (!nl)
		return check_result("test_filelife");
	*nl = '\0';
	CHECK_STR(got, "TIME     PID     COMM             AGE(s)  FILE");
	snprintf(want, sizeof(want), " %-7d %-16s %-7.2f %s\n", 18772, "gcc", 5.11, "ccCzZJd7.s");
	CHECK_INT(strlen(nl + 1), 8 + strlen(want));
	CHECK_STR(nl + 1 + 8, want);
	/* a 32-byte name has no NUL: all of it; a 16-byte comm likewise */
	memcpy(e.name, "0123456789abcdefghijklmnopqrstuv", 32);
	memcpy(e.comm, "0123456789abcdef", 16);
	e.age_ns = 4999999;
	got = print(&e, false);
	CHECK(strstr(got, " 18772   0123456789abcdef 0.00    0123456789abcdefghijklmnopqrstuv\n") != NULL);

	/* --json: time, pid, comm, age_s, file */
	memcpy(e.comm, "rm\0", 3);
	memcpy(e.name, "x\0", 2);
	e.age_ns = 250000000;
	got = print(&e, true);
	CHECK(strncmp(got, "{\"time\":\"", 9) == 0);
	CHECK(strstr(got, "\",\"pid\":18772,\"comm\":\"rm\",\"age_s\":0.25,\"file\":\"x\"}\n") != NULL);
	return check_result("test_filelife");
}
