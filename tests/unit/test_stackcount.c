/* Unit tests of stackcount's options (BCC's flags), its cflags and its three output forms. */
#include <stdlib.h>

#include "check.h"
#include "tracebox.h"

#define TB_NO_MAIN
#include "../../frontends/stackcount.c"

const char tb_bpf_stackcount[] = "";
const char tb_bpf_stackcount_name[] = "stackcount.bpf.c";

static int parse(const char *line)
{
	char *argv[CHECK_MAX_ARGS];

	env = (struct env){ .pid = -1, .cpu = -1 };
	interval = (struct tb_interval_opts){ .print = print_counts };
	duration_s = 0;
	return tb_tool_parse(&tool, check_argv("stackcount", line, argv), argv);
}

/* What print(fp, e) wrote, in a static buffer. */
static const char *printed(void (*print)(FILE *, const struct entry *), const struct entry *e)
{
	static char out[4096];
	FILE *fp = fmemopen(out, sizeof(out), "w");

	print(fp, e);
	fclose(fp);
	return out;
}

static void json_first(FILE *fp, const struct entry *e) { print_json(fp, e, true); }

int main(void)
{
	char *frames[] = { "perf_syscall_enter", "do_syscall_64", "ppid_caller", "main" };
	struct entry e = { .count = 50, .tgid = 4242, .comm = "work", .nk = 2, .nu = 2, .f = frames };
	struct tb_cflags cf = { 0 };

	CHECK(parse("-p 12 -c 1 -K -s -v -d -f t:sched:sched_switch") == 0);
	CHECK_INT(env.pid, 12);
	CHECK_INT(env.cpu, 1);
	CHECK(env.per_pid); /* -p implies -P, as BCC */
	CHECK(env.kernel_only && env.offset && env.addresses && env.delimiter && env.folded);
	CHECK(!need_delimiter()); /* -d with one stack only: nothing to delimit */
	CHECK_STR(env.pattern, "t:sched:sched_switch");
	CHECK(prepare(&cf) == 0);
	CHECK(has_flag(&cf, "-DTARG_PID=12") && has_flag(&cf, "-DTARG_CPU=1"));
	CHECK(has_flag(&cf, "-DPER_PID=1") && has_flag(&cf, "-DKERNEL_STACKS=1"));
	CHECK(!has_flag(&cf, "-DUSER_STACKS=1"));
	tb_cflags_free(&cf);

	/* -D alone: one output at its end; with -i: outputs until it has passed (BCC) */
	CHECK(parse("-D 5 c:malloc") == 0);
	CHECK_INT(interval.interval_ms, 5000);
	CHECK_INT(interval.count, 1);
	CHECK(parse("-i 2 -D 5 -T c:malloc") == 0);
	CHECK_INT(interval.interval_ms, 2000);
	CHECK_INT(interval.count, 3);
	CHECK(interval.timestamp);
	CHECK(parse("c:malloc") == 0);
	CHECK_INT(interval.interval_ms, 0);
	CHECK(!env.per_pid);

	/* the three forms of one stack, both stacks and -d */
	CHECK(parse("-P -d t:syscalls:sys_enter_getppid") == 0);
	CHECK_STR(printed(print_text, &e), "  perf_syscall_enter\n  do_syscall_64\n    --\n"
		  "  ppid_caller\n  main\n    work [4242]\n    50\n\n");
	CHECK_STR(printed(print_folded, &e),
		  "work;main;ppid_caller;-;do_syscall_64;perf_syscall_enter 50\n");
	CHECK_STR(printed(json_first, &e),
		  "{\"count\":50,\"pid\":4242,\"comm\":\"work\",\"kernel\":[\"perf_syscall_enter\","
		  "\"do_syscall_64\"],\"user\":[\"ppid_caller\",\"main\"]}");
	/* one process (-p): no process line; without -P: folded lines start at the first frame */
	CHECK(parse("-p 4242 t:syscalls:sys_enter_getppid") == 0);
	CHECK_STR(printed(print_text, &e), "  perf_syscall_enter\n  do_syscall_64\n"
		  "  ppid_caller\n  main\n    50\n\n");
	CHECK(parse("-f t:syscalls:sys_enter_getppid") == 0);
	CHECK_STR(printed(print_folded, &e), "main;ppid_caller;do_syscall_64;perf_syscall_enter 50\n");

	CHECK(check_rejected(parse, "-K -U c:malloc"));
	CHECK(check_rejected(parse, ""));
	CHECK(check_rejected(parse, "a b"));
	CHECK(check_rejected(parse, "-p abc c:malloc"));
	CHECK(check_rejected(parse, "-c 100000 c:malloc"));
	CHECK(check_rejected(parse, "-i 0 c:malloc"));
	CHECK(check_rejected(parse, "-D x c:malloc"));
	return check_result("test_stackcount");
}
