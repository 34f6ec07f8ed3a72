/* Unit tests of the trace pipe line parser (tb_trace_line_parse) on the kernel's line forms. */
#include "check.h"
#include "tracebox.h"

static struct tb_trace_line parsed;

static int parse(const char *text)
{
	static char buf[256];

	snprintf(buf, sizeof(buf), "%s", text);
	memset(&parsed, 0, sizeof(parsed));
	return tb_trace_line_parse(buf, &parsed);
}

int main(void)
{
	/* 6.x: flags with preempt and migrate counts */
	CHECK(parse("            bash-1234    [001] d..31  5618.374811: bpf_trace_printk: hi there\n"));
	CHECK_STR(parsed.comm, "bash");
	CHECK_INT(parsed.pid, 1234);
	CHECK_INT(parsed.cpu, 1);
	CHECK(parsed.ts > 5618.3748 && parsed.ts < 5618.3749);
	CHECK_STR(parsed.msg, "hi there");
	CHECK(!parsed.from_user);

	/* a comm with spaces, dashes and brackets; the record-tgid column; colons in the message */
	CHECK(parse("  my-[comm] x-77 (   70) [000] ..... 12.000001: bpf_trace_printk: a: b"));
	CHECK_STR(parsed.comm, "my-[comm] x");
	CHECK_INT(parsed.pid, 77);
	CHECK_STR(parsed.msg, "a: b");

	/* older kernels: no flags column, "0:" instead of the event name */
	CHECK(parse("           <...>-42    [003]   100.500000: 0: old form"));
	CHECK_STR(parsed.comm, "<...>");
	CHECK_INT(parsed.pid, 42);
	CHECK_INT(parsed.cpu, 3);
	CHECK_STR(parsed.msg, "old form");

	/* what any process writes to trace_marker is marked as such */
	CHECK(parse("sh-9 [000] .... 1.0: tracing_mark_write: tbhello-1: fake"));
	CHECK(parsed.from_user);
	CHECK_STR(parsed.msg, "tbhello-1: fake");

	/* a comm may hold anything, " [digits]" and "-digits" included: the kernel's 16-column
	 * comm field tells where it ends */
	CHECK(parse("      x [12] y-5-77    [003] d..31  5618.374811: bpf_trace_printk: m"));
	CHECK_STR(parsed.comm, "x [12] y-5");
	CHECK_INT(parsed.pid, 77);
	CHECK_INT(parsed.cpu, 3);
	CHECK_STR(parsed.msg, "m");
	CHECK(parse("  a-1 [1] 5.5: b-9       [002] ..... 7.000001: bpf_trace_printk: real"));
	CHECK_STR(parsed.comm, "a-1 [1] 5.5: b");
	CHECK_INT(parsed.pid, 9);
	CHECK_INT(parsed.cpu, 2);
	CHECK_STR(parsed.msg, "real");
	/* parentheses in a comm, with and without the record-tgid column */
	CHECK(parse("            a(b)-12      [000] .... 1.5: bpf_trace_printk: p"));
	CHECK_STR(parsed.comm, "a(b)");
	CHECK_INT(parsed.pid, 12);
	CHECK(parse("         (x) (y)-12      (-------) [001] .... 1.5: bpf_trace_printk: q"));
	CHECK_STR(parsed.comm, "(x) (y)");
	CHECK_INT(parsed.cpu, 1);
	CHECK_STR(parsed.msg, "q");
	/* a counter trace clock prints a plain count */
	CHECK(parse("            bash-1234    [001] d..31 123456789: bpf_trace_printk: c"));
	CHECK(parsed.ts == 123456789.0);
	/* a message that looks like a line does not move the fields */
	CHECK(parse("            bash-1       [000] .... 1.0: bpf_trace_printk: z-2 [3] 4.0: w"));
	CHECK_INT(parsed.pid, 1);
	CHECK_STR(parsed.msg, "z-2 [3] 4.0: w");

	CHECK(!parse("# tracer: nop"));
	CHECK(!parse(""));
	CHECK(!parse("nopid [001] .... 1.0: bpf_trace_printk: x"));
	CHECK(!parse("sh-9 [001] .... 1.0"));
	CHECK(!parse("sh-9 [001"));
	CHECK(!parse("sh-9 (12 [001] .... 1.0: x"));
	CHECK(!parse("-9 [001] .... 1.0: x"));
	return check_result("test_tracepipe");
}
