/* Unit tests of opensnoop's flags (BCC's), -f flag names, and its lines against BCC's own
 * printf formats, -F path joining included. */
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "tracebox.h"

#define TB_NO_MAIN
#include "../../frontends/opensnoop.c"

const char tb_bpf_opensnoop[] = "";
const char tb_bpf_opensnoop_name[] = "opensnoop.bpf.c";

static int parse(const char *line)
{
	char *argv[CHECK_MAX_ARGS];

	return tb_tool_parse(&tool, check_argv("opensnoop", line, argv), argv);
}

/* One event printed with the current env, as text. */
static const char *render(const struct opensnoop_full_event *f, unsigned int size)
{
	static char text[16384];
	FILE *fp = CHECK_OUTPUT_OPEN(&out, text, select_columns, false);

	print_event(&f->e, size);
	fclose(fp);
	return text;
}

int main(void)
{
	static struct opensnoop_full_event f;
	char want[1024];

	CHECK_INT(parse("-T -U -x -p 5 -u 0 -d 2.5 -n foo -e -f O_WRONLY -f O_CREAT -F -b 8"), 0);
	CHECK(env.timestamp && env.print_uid && env.failed && env.extended && env.full_path);
	CHECK_INT(env.pid, 5);
	CHECK_INT(env.uid, 0);
	CHECK_INT(env.duration_ms, 2500);
	CHECK_STR(env.name, "foo");
	CHECK(env.flag_filter);
	CHECK_INT(env.flag_mask, O_WRONLY | O_CREAT);
	CHECK_INT(tb_common.perf_pages, 8);

	CHECK(rejected("-f O_BOGUS"));
	CHECK(rejected("-f WRONLY"));
	CHECK(rejected("-b 3"));
	CHECK(rejected("-d 0"));
	CHECK(rejected("-p x"));
	CHECK(rejected("-t 0"));
	CHECK(rejected("-u no-such-user-tb"));
	CHECK(rejected("unexpected"));

	/* BCC: "%-6d %-16s %4d %3d " [+ "%08o n/a  " with -e] + path; -U adds "%-6d" first */
	env = (struct env){ .pid = -1, .tid = -1, .uid = -1, .print_uid = true, .extended = true };
	f.e = (struct opensnoop_event){ .pid = 1234, .tid = 1235, .uid = 1000, .ret = -2,
					.flags = 0, .comm = "cat" };
	strcpy(f.e.name, "/etc/missing");
	snprintf(want, sizeof(want), "%-6s%-6s %-16s %4s %3s %-8s %-4s %s\n"
		 "%-6d%-6d %-16s %4d %3d %08o n/a  %s\n",
		 "UID", "PID", "COMM", "FD", "ERR", "FLAGS", "MODE", "PATH",
		 1000, 1234, "cat", -1, 2, 0, "/etc/missing");
	CHECK_STR(render(&f, sizeof(f.e)), want);

	/* O_CREAT shows the mode; -t names the column TID and shows the thread */
	env = (struct env){ .pid = -1, .tid = 1235, .uid = -1, .extended = true };
	f.e.ret = 3;
	f.e.flags = O_WRONLY | O_CREAT | O_TRUNC;
	f.e.mode = 0640;
	snprintf(want, sizeof(want), "%-6s %-16s %4s %3s %-8s %-4s %s\n"
		 "%-6d %-16s %4d %3d %08o %04o %s\n",
		 "TID", "COMM", "FD", "ERR", "FLAGS", "MODE", "PATH",
		 1235, "cat", 3, 0, 01101, 0640, "/etc/missing");
	CHECK_STR(render(&f, sizeof(f.e)), want);
	columns[COL_PID].name = "PID";

	/* -F: the working directory's names come innermost first; mount roots are "/" */
	env = (struct env){ .pid = -1, .tid = -1, .uid = -1, .full_path = true };
	strcpy(f.e.name, "x.txt");
	strcpy(f.parts[0], "c");
	strcpy(f.parts[1], "/");
	strcpy(f.parts[2], "b");
	strcpy(f.parts[3], "/");
	f.e.depth = 4;
	snprintf(want, sizeof(want), "%-6s %-16s %4s %3s %s\n%-6d %-16s %4d %3d %s\n",
		 "PID", "COMM", "FD", "ERR", "PATH", 1234, "cat", 3, 0, "/b/c/x.txt");
	CHECK_STR(render(&f, sizeof(f.e) + 4 * TB_OPENSNOOP_PART_LEN), want);
	/* a depth larger than what arrived is cut to what arrived */
	snprintf(want, sizeof(want), "%-6s %-16s %4s %3s %s\n%-6d %-16s %4d %3d %s\n",
		 "PID", "COMM", "FD", "ERR", "PATH", 1234, "cat", 3, 0, "/c/x.txt");
	CHECK_STR(render(&f, sizeof(f.e) + 1 * TB_OPENSNOOP_PART_LEN), want);

	/* depth 0: the start directory was not readable, the path stays as passed */
	f.e.depth = 0;
	snprintf(want, sizeof(want), "%-6s %-16s %4s %3s %s\n%-6d %-16s %4d %3d %s\n",
		 "PID", "COMM", "FD", "ERR", "PATH", 1234, "cat", 3, 0, "x.txt");
	CHECK_STR(render(&f, sizeof(f.e)), want);

	/* -n is a substring of the name, -x drops successes */
	env = (struct env){ .pid = -1, .tid = -1, .uid = -1, .name = "ca" };
	CHECK(strstr(render(&f, sizeof(f.e)), "x.txt") != NULL);
	env.name = "dog";
	CHECK(strstr(render(&f, sizeof(f.e)), "x.txt") == NULL);
	env = (struct env){ .pid = -1, .tid = -1, .uid = -1, .failed = true };
	CHECK(strstr(render(&f, sizeof(f.e)), "x.txt") == NULL);
	return check_result("test_opensnoop");
}
