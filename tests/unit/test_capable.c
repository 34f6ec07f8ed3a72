/* Unit tests of capable's options, columns, capability names and lines. */
#include <string.h>

#include "check.h"
#include "tracebox.h"

#define TB_NO_MAIN
#include "../../frontends/capable.c"

/* capable.c declares its embedded BPF source; the unit test does not compile BPF */
const char tb_bpf_capable[] = "";
const char tb_bpf_capable_name[] = "capable.bpf.c";

static int parse(const char *line)
{
	char *argv[CHECK_MAX_ARGS];

	env = (struct env){ .pid = -1, .attach = TB_ATTACH_AUTO }; /* options add to env */
	return tb_tool_parse(&tool, check_argv("capable", line, argv), argv);
}

/* one event printed with the options parsed last; text is what follows the TIME column */
static void line_of(const struct capable_event *e, bool json, char *text, size_t len)
{
	static char buf[1024];
	FILE *fp = CHECK_OUTPUT_OPEN(&out, buf, columns, json);

	tb_common.json = json;
	handle_event(NULL, 0, e, sizeof(*e));
	fclose(fp);
	tb_common.json = false;
	/* the second line, the event's, without its HH:MM:SS (json: the whole object) */
	const char *l = json ? buf : strchr(buf, '\n') + 1;
	snprintf(text, len, "%s", json ? l : l + 9);
}

int main(void)
{
	struct capable_event e = { .pid = 181, .tid = 182, .uid = 1000, .cap = 21, .audit = 1,
				   .insetid = TB_CAPABLE_UNKNOWN, .kstack = -1, .ustack = -1,
				   .comm = "sshd" };
	char text[1024], num[16];
	enum tb_time_mode time;
	int n;

	CHECK_INT(parse(""), 0);
	CHECK(!env.non_audit && !env.extra && !env.unique && env.pid == -1);
	CHECK_INT(parse("-v -K -U -x --unique -p 181 --attach tracepoint"), 0);
	CHECK(env.non_audit && env.kstack && env.ustack && env.extra && env.unique);
	CHECK_INT(env.pid, 181);
	CHECK(env.attach == TB_ATTACH_TRACEPOINT);
	CHECK(rejected("--attach fentry")); /* no fentry variant */
	CHECK(rejected("-p 0"));
	CHECK(rejected("-p 12x"));
	CHECK(rejected("extra"));

	/* names: the table to CAP_CHECKPOINT_RESTORE (40), numbers beyond */
	CHECK_STR(cap_name(0, num, sizeof(num)), "CAP_CHOWN");
	CHECK_STR(cap_name(21, num, sizeof(num)), "CAP_SYS_ADMIN");
	CHECK_STR(cap_name(38, num, sizeof(num)), "CAP_PERFMON");
	CHECK_STR(cap_name(40, num, sizeof(num)), "CAP_CHECKPOINT_RESTORE");
	CHECK_STR(cap_name(41, num, sizeof(num)), "41");
	CHECK_STR(cap_name(-1, num, sizeof(num)), "-1");

	/* BCC's columns, -x's TID and INSETID, and the stacks as JSON strings only */
	CHECK_INT(parse(""), 0);
	columns(&n, &time);
	CHECK_INT(n, 6);
	CHECK(time == TB_TIME_CLOCK);
	line_of(&e, false, text, sizeof(text));
	CHECK_STR(text, "1000   181    sshd             21   CAP_SYS_ADMIN        1\n");
	e.audit = TB_CAPABLE_UNKNOWN;
	line_of(&e, false, text, sizeof(text));
	CHECK_STR(text, "1000   181    sshd             21   CAP_SYS_ADMIN        N/A\n");
	CHECK_INT(parse("-x"), 0);
	columns(&n, &time);
	CHECK_INT(n, 8);
	e.audit = 0;
	e.insetid = 1;
	e.cap = 41;
	line_of(&e, false, text, sizeof(text));
	CHECK_STR(text, "1000   181    182    sshd             41   41                   0      1\n");
	e.insetid = TB_CAPABLE_UNKNOWN;
	line_of(&e, true, text, sizeof(text));
	CHECK(strstr(text, "\"uid\":1000,\"pid\":181,\"tid\":182,\"comm\":\"sshd\",\"cap\":41,"
		     "\"name\":\"41\",\"audit\":0,\"insetid\":null}\n") != NULL);
	tb_common.json = true;
	CHECK_INT(parse("-K -U"), 0);
	columns(&n, &time);
	CHECK_INT(n, 8); /* KSTACK and USTACK */
	tb_common.json = false;
	return check_result("test_capable");
}
