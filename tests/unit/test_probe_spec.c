/* Unit tests of the multi-tools' probe syntax (tb_probe_spec.h) and patterns
 * (tb_probe_match.h): every shape BCC's funccount, trace and argdist accept, and one error
 * line for each wrong one. */
#include <stdlib.h>

#include "check.h"
#include "tracebox.h"

static void check_parse(const char *text, unsigned flags, enum tb_spec_kind kind,
			const char *lib, const char *category, const char *name, const char *rest)
{
	struct tb_probe_spec s;

	if (tb_probe_spec_parse(text, flags, &s)) {
		fprintf(stderr, "'%s' refused\n", text);
		check_failures++;
		return;
	}
	CHECK_INT(s.kind, kind);
	CHECK_STR(s.lib ? s.lib : "-", lib ? lib : "-");
	CHECK_STR(s.category ? s.category : "-", category ? category : "-");
	CHECK_STR(s.name, name);
	CHECK_STR(s.rest, rest);
	tb_probe_spec_free(&s);
}

static void check_refused(const char *text, unsigned flags)
{
	struct tb_probe_spec s;

	if (!tb_probe_spec_parse(text, flags, &s)) {
		fprintf(stderr, "'%s' accepted\n", text);
		check_failures++;
		tb_probe_spec_free(&s);
	}
}

int main(void)
{
	struct tb_pattern p;

	check_parse("vfs_*", 0, TB_SPEC_KPROBE, NULL, NULL, "vfs_*", "");
	check_parse("p:vfs_read", 0, TB_SPEC_KPROBE, NULL, NULL, "vfs_read", "");
	check_parse("p::vfs_read", 0, TB_SPEC_KPROBE, NULL, NULL, "vfs_read", "");
	check_parse("r::do_sys_open", TB_SPEC_RETURN, TB_SPEC_KRETPROBE, NULL, NULL, "do_sys_open", "");
	check_parse("c:malloc", 0, TB_SPEC_UPROBE, "c", NULL, "malloc", "");
	check_parse("p:c:malloc", 0, TB_SPEC_UPROBE, "c", NULL, "malloc", "");
	check_parse("r:/bin/bash:readline", TB_SPEC_RETURN, TB_SPEC_URETPROBE, "/bin/bash", NULL,
		    "readline", "");
	check_parse("./test:read*", 0, TB_SPEC_UPROBE, "./test", NULL, "read*", "");
	check_parse("t:sched:sched_switch", 0, TB_SPEC_TRACEPOINT, NULL, "sched", "sched_switch", "");
	check_parse("u:node:gc*", 0, TB_SPEC_USDT, "node", NULL, "gc*", "");
	check_parse("u:/usr/bin/python3:python:function__entry", 0, TB_SPEC_USDT,
		    "/usr/bin/python3", "python", "function__entry", "");
	/* trace's and argdist's tails */
	check_parse("p:c:write(int fd, char *buf) (fd == 1) \"%s\", arg2", TB_SPEC_REST,
		    TB_SPEC_UPROBE, "c", NULL, "write", "(int fd, char *buf) (fd == 1) \"%s\", arg2");
	check_parse("r::do_sys_open \"%d\", retval", TB_SPEC_REST | TB_SPEC_RETURN,
		    TB_SPEC_KRETPROBE, NULL, NULL, "do_sys_open", "\"%d\", retval");
	check_parse("t:syscalls:sys_enter_openat \"%s\", args->filename", TB_SPEC_REST,
		    TB_SPEC_TRACEPOINT, NULL, "syscalls", "sys_enter_openat",
		    "\"%s\", args->filename");

	if (!freopen("/dev/null", "w", stderr)) /* the refusals' error lines */
		return 2;
	check_refused("", 0);
	check_refused("r::vfs_read", 0);         /* no return probes in funccount */
	check_refused("t:sched", 0);              /* no event */
	check_refused("t::sched_switch", 0);
	check_refused("u:node", 0);               /* no probe */
	check_refused("a:b:c:d", 0);              /* not a known type, too many parts */
	check_refused("p:a:b:c", 0);
	check_refused("c:", 0);                   /* no function */
	check_refused("u:lib:probe", TB_SPEC_NO_USDT);
	check_refused("t:a:b", TB_SPEC_NO_TRACEPOINT);
	check_refused("vfs read", 0);
	check_refused("(x)", TB_SPEC_REST);

	/* patterns: wildcards, regexes, the empty one */
	CHECK_INT(tb_pattern_init(&p, "vfs_*", false), 0);
	CHECK(tb_pattern_match(&p, "vfs_read") && !tb_pattern_match(&p, "do_vfs"));
	CHECK(tb_pattern_is_wild(&p));
	tb_pattern_free(&p);
	CHECK_INT(tb_pattern_init(&p, "^vfs_(read|write)$", true), 0);
	CHECK(tb_pattern_match(&p, "vfs_read") && !tb_pattern_match(&p, "vfs_readv"));
	tb_pattern_free(&p);
	CHECK_INT(tb_pattern_init(&p, "vfs_read", false), 0);
	CHECK(!tb_pattern_is_wild(&p) && !tb_pattern_match(&p, "vfs_readv"));
	tb_pattern_free(&p);
	CHECK_INT(tb_pattern_init(&p, "(", true), -1);
	return check_result("probe spec");
}
