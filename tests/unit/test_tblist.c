/* Unit tests of tblist's pure parts: provider prefixes and wildcard matching. */
#include "check.h"
#include "tracebox.h"

#define TB_NO_MAIN
#include "../../frontends/tblist.c"

int main(void)
{
	const char *rest;

	CHECK_INT(split_provider("tracepoint:syscalls:*execve*", &rest), PROV_TRACEPOINT);
	CHECK_STR(rest, "syscalls:*execve*");
	CHECK_INT(split_provider("t:sched:*", &rest), PROV_TRACEPOINT);
	CHECK_STR(rest, "sched:*");
	CHECK_INT(split_provider("syscalls:sys_enter_kill", &rest), PROV_TRACEPOINT);
	CHECK_STR(rest, "syscalls:sys_enter_kill");
	CHECK_INT(split_provider("kprobe:vfs_*", &rest), PROV_KPROBE);
	CHECK_STR(rest, "vfs_*");
	CHECK_INT(split_provider("uprobe:/bin/bash:read*", &rest), PROV_UPROBE);
	CHECK_STR(rest, "/bin/bash:read*");
	CHECK_INT(split_provider("usdt:/usr/bin/python3.11", &rest), PROV_USDT);
	CHECK_INT(split_provider("U:1234", &rest), PROV_USDT);
	CHECK_INT(split_provider("software:*", &rest), PROV_SOFTWARE);
	CHECK_INT(split_provider("hardware:cycles", &rest), PROV_HARDWARE);

	CHECK(wildcard_match("*execve*", "sys_enter_execve"));
	CHECK(wildcard_match("*execve*", "sys_exit_execveat"));
	CHECK(!wildcard_match("*execve", "sys_exit_execveat"));
	CHECK(wildcard_match("read*", "readline"));
	CHECK(!wildcard_match("read*", "xreadline"));
	CHECK(wildcard_match("sys_enter_?ill", "sys_enter_kill"));
	CHECK(wildcard_match("python:*", "python:gc__start"));
	CHECK(!wildcard_match("python:*", "hotspot:gc__begin"));
	CHECK(wildcard_match("", "anything"));
	CHECK(wildcard_match("sys_enter_[ek]*", "sys_enter_kill"));
	return check_result("test_tblist");
}
