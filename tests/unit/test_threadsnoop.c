/* Unit tests of threadsnoop: its options, and its lines against BCC's printf formats. */
#include "check.h"
#include "tracebox.h"

#include "../../frontends/threadsnoop.c"

const char tb_bpf_threadsnoop[] = "";
const char tb_bpf_threadsnoop_name[] = "threadsnoop.bpf.c";

static int parse(const char *line)
{
	char *argv[CHECK_MAX_ARGS];

	env.pid = -1;
	env.given = NULL;
	return tb_tool_parse(&tool, check_argv("threadsnoop", line, argv), argv);
}

static const struct tb_column *fixed_columns(int *n, enum tb_time_mode *time)
{
	*n = tool.ncols;
	*time = tool.time_mode;
	return tool.cols;
}

struct named { struct threadsnoop_event e; const char *sym; };

/* The header and one line per event, as the tool prints them (text or --json). */
static const char *render(const struct named *ev, int n, bool json)
{
	static char text[4096];
	FILE *fp = CHECK_OUTPUT_OPEN(&out, text, fixed_columns, json);

	first_ns = 0;
	for (int i = 0; i < n; i++)
		print_event(&ev[i].e, ev[i].sym);
	fclose(fp);
	return text;
}

int main(void)
{
	/* BCC's example: dockerd's threadentry, then a routine without a symbol */
	struct named ev[] = {
		{ { .ts_ns = 5000000000ull, .start = 0x55d0c0de1000ull, .pid = 28549, .comm = "dockerd" },
		  "threadentry" },
		{ { .ts_ns = 5001999999ull, .start = 0x562f30f2e710ull, .pid = 28579,
		    .comm = "docker-containe" }, "[unknown]" },
		{ { .ts_ns = 5075000000ull, .start = 0x7fb7114955c0ull, .pid = 629,
		    .comm = "0123456789abcdef" }, NULL },
		/* an older event from another CPU: 0 ms, never wrapped */
		{ { .ts_ns = 4999000000ull, .start = 1, .pid = 1, .comm = "init" }, "main" },
	};
	char want[2048], func[64];

	CHECK_INT(parse(""), 0);
	CHECK_INT(env.pid, -1);
	CHECK(env.given == NULL);
	CHECK_INT(parse("-p 181 -b /usr/bin/prog --json"), 0);
	CHECK_INT(env.pid, 181);
	CHECK_STR(env.given, "/usr/bin/prog");
	CHECK(tb_common.json);
	CHECK_INT(parse("--pid 7 --binary ./a.out"), 0);
	CHECK_INT(env.pid, 7);
	CHECK_STR(env.given, "./a.out");
	CHECK(rejected("extra"));
	CHECK(rejected("-p 0"));
	CHECK(rejected("-p abc"));
	CHECK(rejected("-b"));
	tb_common.json = false;

	/* BCC: "%-10s %-7s %-16s %s" header, "%-10d %-7d %-16s %s" lines, TIME(ms) whole
	 * milliseconds since the first event; an unnamed routine in hex. The last column has no
	 * trailing padding; a full 16-byte comm has no NUL. */
	snprintf(want, sizeof(want),
		 "%-10s %-7s %-16s %s\n%-10d %-7d %-16s %s\n%-10d %-7d %-16s %s\n"
		 "%-10d %-7d %-16s %s\n%-10d %-7d %-16s %s\n",
		 "TIME(ms)", "PID", "COMM", "FUNC",
		 0, 28549, "dockerd", "threadentry",
		 1, 28579, "docker-containe", "0x562f30f2e710",
		 75, 629, "0123456789abcdef", "0x7fb7114955c0",
		 0, 1, "init", "main");
	CHECK_STR(render(ev, 4, false), want);

	CHECK_STR(render(ev, 2, true),
		  "{\"time_ms\":0,\"pid\":28549,\"comm\":\"dockerd\",\"func\":\"threadentry\"}\n"
		  "{\"time_ms\":1,\"pid\":28579,\"comm\":\"docker-containe\",\"func\":\"0x562f30f2e710\"}\n");

	func_name("[unknown]", 0, func, sizeof(func));
	CHECK_STR(func, "0x0");
	func_name("worker", 0x1000, func, sizeof(func));
	CHECK_STR(func, "worker");
	return check_result("test_threadsnoop");
}
