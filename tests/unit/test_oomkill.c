/* Unit tests of oomkill: its flags, and its line against BCC's printf format per route. */
#include "check.h"
#include "tracebox.h"

#include "../../frontends/oomkill.c"

const char tb_bpf_oomkill[] = "";
const char tb_bpf_oomkill_name[] = "oomkill.bpf.c";

static int parse(const char *line)
{
	char *argv[CHECK_MAX_ARGS];

	env.attach = TB_ATTACH_AUTO;
	return tb_tool_parse(&tool, check_argv("oomkill", line, argv), argv);
}

static const char *render(const struct oomkill_event *e, const struct line *l, bool json)
{
	static char text[1024];
	FILE *fp = fmemopen(text, sizeof(text), "w");

	print_line(fp, e, l, json);
	fclose(fp);
	return text;
}

int main(void)
{
	/* BCC's example: the kprobe route, oc->totalpages */
	struct oomkill_event kp = { .pages = 3850642, .fpid = 3297, .tpid = 22516,
				    .flags = TB_OOMKILL_HAS_PAGES | TB_OOMKILL_HAS_TCOMM,
				    .fcomm = "ntpd", .tcomm = "perl" };
	/* the tracepoint with 6.0's fields: 33992 kB resident, a full 16-byte trigger name */
	struct oomkill_event tp = { .rss_kb = 33992, .fpid = 16553, .tpid = 16553,
				    .flags = TB_OOMKILL_HAS_RSS | TB_OOMKILL_HAS_TCOMM,
				    .fcomm = "0123456789abcdef", .tcomm = "oom_victim" };
	/* the tracepoint before 6.0: the pid alone */
	struct oomkill_event old = { .fpid = 1, .tpid = 2 };
	struct line l = { "21:03:39", "perl", "0.99 0.39 0.30 3/282 22724", 4096 };
	char want[512];

	CHECK_INT(parse(""), 0);
	CHECK_INT(env.attach, TB_ATTACH_AUTO);
	CHECK_INT(parse("--attach tracepoint"), 0);
	CHECK_INT(env.attach, TB_ATTACH_TRACEPOINT);
	CHECK_INT(parse("--attach kprobe --json"), 0);
	CHECK_INT(env.attach, TB_ATTACH_KPROBE);
	tb_common.json = false;
	CHECK(rejected("--attach fentry")); /* no fentry variant */
	CHECK(rejected("--attach bogus"));
	CHECK(rejected("extra"));
	CHECK(rejected("-p 1")); /* BCC's oomkill takes no options */

	/* BCC: "%s Triggered by PID %d (\"%s\"), OOM kill of PID %d (\"%s\"), %d pages,
	 * loadavg: %s" */
	snprintf(want, sizeof(want),
		 "%s Triggered by PID %d (\"%s\"), OOM kill of PID %d (\"%s\"), %d pages, loadavg: %s\n",
		 "21:03:39", 3297, "ntpd", 22516, "perl", 3850642, "0.99 0.39 0.30 3/282 22724");
	CHECK_STR(render(&kp, &l, false), want);
	snprintf(l.tcomm, sizeof(l.tcomm), "oom_victim");
	CHECK_STR(render(&tp, &l, false),
		  "21:03:39 Triggered by PID 16553 (\"0123456789abcdef\"), OOM kill of PID 16553 "
		  "(\"oom_victim\"), 8498 pages, loadavg: 0.99 0.39 0.30 3/282 22724\n");
	snprintf(l.tcomm, sizeof(l.tcomm), "?");
	CHECK_STR(render(&old, &l, false),
		  "21:03:39 Triggered by PID 1 (\"\"), OOM kill of PID 2 (\"?\"), ? pages, "
		  "loadavg: 0.99 0.39 0.30 3/282 22724\n");

	snprintf(l.tcomm, sizeof(l.tcomm), "perl");
	CHECK_STR(render(&kp, &l, true),
		  "{\"time\":\"21:03:39\",\"fpid\":3297,\"fcomm\":\"ntpd\",\"tpid\":22516,"
		  "\"tcomm\":\"perl\",\"pages\":3850642,\"rss_pages\":null,"
		  "\"loadavg\":\"0.99 0.39 0.30 3/282 22724\"}\n");
	snprintf(l.tcomm, sizeof(l.tcomm), "oom_victim");
	CHECK_STR(render(&tp, &l, true),
		  "{\"time\":\"21:03:39\",\"fpid\":16553,\"fcomm\":\"0123456789abcdef\",\"tpid\":16553,"
		  "\"tcomm\":\"oom_victim\",\"pages\":null,\"rss_pages\":8498,"
		  "\"loadavg\":\"0.99 0.39 0.30 3/282 22724\"}\n");
	return check_result("test_oomkill");
}
