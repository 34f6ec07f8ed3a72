/* Unit tests of dcsnoop: BCC's flags, and its header and lines (BCC's "%-11.6f %-7d %-16s %1s
 * %s", M and R, a full 64-byte name) in text and JSON. */
#include <stdlib.h>

#include "check.h"
#include "tracebox.h"

#include "../../frontends/dcsnoop.c"

const char tb_bpf_dcsnoop[] = "";
const char tb_bpf_dcsnoop_name[] = "dcsnoop.bpf.c";

static int parse(const char *line)
{
	char *argv[CHECK_MAX_ARGS];

	env = (struct env){ .attach = TB_ATTACH_AUTO };
	return tb_tool_parse(&tool, check_argv("dcsnoop", line, argv), argv);
}

/* the header and one event's line, 1.5 s after the output began */
static char *print(struct dcsnoop_event *e, bool json)
{
	static char buf[1024];
	FILE *fp = fmemopen(buf, sizeof(buf), "w");

	tb_output_init(&out, fp, columns, 5, json, TB_TIME_NONE);
	tb_output_header(&out);
	e->ts_ns = out.start_ns + 1500000000ull;
	handle_event(NULL, 0, e, sizeof(*e));
	fclose(fp);
	return buf;
}

int main(void)
{
	struct dcsnoop_event e = { .pid = 788, .type = TB_DCSNOOP_MISS, .comm = "snmpd",
				   .name = "cmdline" };
	char want[512], name[TB_DCSNOOP_NAME_LEN + 1];

	tb_log_set_tool("test_dcsnoop");
	CHECK_INT(parse(""), 0);
	CHECK(!env.all && env.attach == TB_ATTACH_AUTO);
	CHECK_INT(parse("-a --attach kprobe"), 0);
	CHECK(env.all && env.attach == TB_ATTACH_KPROBE);
	CHECK_INT(parse("--all"), 0);
	CHECK(env.all);
	CHECK(rejected("--attach tracepoint"));
	CHECK(rejected("-p 1"));
	CHECK(rejected("x"));

	snprintf(want, sizeof(want), "%-11s %-7s %-16s %1s %s\n%-11.6f %-7d %-16s %1s %s\n",
		 "TIME(s)", "PID", "COMM", "T", "FILE", 1.5, 788, "snmpd", "M", "cmdline");
	CHECK_STR(print(&e, false), want);
	/* R, a 64-byte name with no NUL, a 16-byte COMM */
	e.type = TB_DCSNOOP_REFERENCE;
	memset(e.name, 'n', sizeof(e.name));
	memcpy(e.comm, "0123456789abcdef", 16);
	memset(name, 'n', TB_DCSNOOP_NAME_LEN);
	name[TB_DCSNOOP_NAME_LEN] = '\0';
	snprintf(want, sizeof(want), "%-11s %-7s %-16s %1s %s\n%-11.6f %-7d %-16s %1s %s\n",
		 "TIME(s)", "PID", "COMM", "T", "FILE", 1.5, 788, "0123456789abcdef", "R", name);
	CHECK_STR(print(&e, false), want);

	memcpy(e.comm, "ls\0", 3);
	memcpy(e.name, "x\0", 2);
	e.type = TB_DCSNOOP_MISS;
	CHECK_STR(print(&e, true),
		  "{\"time_s\":1.500000,\"pid\":788,\"comm\":\"ls\",\"t\":\"M\",\"file\":\"x\"}\n");
	return check_result("test_dcsnoop");
}
