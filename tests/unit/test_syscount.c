/* Unit tests of syscount: the syscall and errno name tables (tb_syscalls.h), -e and --syscall
 * parsing, BCC's flags, the cflags, -l's layout and the summary's text and JSON. */
#include <stdlib.h>

#include "check.h"
#include "tracebox.h"

#include "../../frontends/syscount.c"

const char tb_bpf_syscount[] = "";
const char tb_bpf_syscount_name[] = "syscount.bpf.c";

static int parse(const char *line)
{
	char *argv[CHECK_MAX_ARGS];

	env = (struct env){ .pid = -1, .tid = -1, .top = 10, .syscall_nr = -1, .cgroup_fd = -1 };
	return tb_tool_parse(&tool, check_argv("syscount", line, argv), argv);
}

/* what a summary prints for these rows */
static char *summary(struct row *rows, size_t n, bool json)
{
	static char buf[4096];
	FILE *fp = fmemopen(buf, sizeof(buf), "w");
	struct tm tm = { .tm_year = 126, .tm_mon = 11, .tm_mday = 6, .tm_hour = 9, .tm_min = 39,
			 .tm_sec = 4, .tm_isdst = -1 };

	qsort(rows, n, sizeof(*rows), cmp_rows);
	if (json)
		print_json(fp, rows, n, mktime(&tm));
	else
		print_text(fp, rows, n, mktime(&tm));
	fclose(fp);
	return buf;
}

int main(void)
{
	struct tb_cflags cf = { 0 };
	char buf[64], *text;
	int e;
	long nr;
	struct row rows[3];

	tb_log_set_tool("test_syscount");
	setenv("TZ", "UTC", 1);

	/* the tables: x86-64 numbers, as the build machine's headers give them */
	CHECK_STR(tb_syscall_name(0), "read");
	CHECK_STR(tb_syscall_name(110), "getppid");
	CHECK_STR(tb_syscall_name(257), "openat");
	CHECK_INT(tb_syscall_number("getppid"), 110);
	CHECK_INT(tb_syscall_number("exit_group"), 231);
	CHECK_INT(tb_syscall_number("nosuch"), -1);
	CHECK(tb_syscall_name(-1) == NULL);
	CHECK(tb_syscall_name(100000) == NULL);
	CHECK(tb_syscall_limit() > 334 && tb_syscall_limit() < 4096);
	CHECK(tb_syscall_name(tb_syscall_limit() - 1) != NULL);
	CHECK_STR(tb_syscall_format(4000, buf, sizeof(buf)), "[unknown: 4000]");
	CHECK_STR(tb_syscall_format(1, buf, sizeof(buf)), "write");
	CHECK_INT(tb_errno_number("ENOENT"), 2);
	CHECK_INT(tb_errno_number("EHWPOISON"), 133);
	CHECK_INT(tb_errno_number("EWOULDBLOCK"), 11); /* an alias */
	CHECK_INT(tb_errno_number("ENOTSUP"), 95);
	CHECK_INT(tb_errno_number("enoent"), -1);
	CHECK_INT(tb_errno_number("EBOGUS"), -1);

	/* -e: a name in any case, a number, BCC's absolute value of a negative one */
	CHECK_INT(parse_errno("ENOENT", &e), 0);
	CHECK_INT(e, 2);
	CHECK_INT(parse_errno("eacces", &e), 0);
	CHECK_INT(e, 13);
	CHECK_INT(parse_errno("22", &e), 0);
	CHECK_INT(e, 22);
	CHECK_INT(parse_errno("-9", &e), 0);
	CHECK_INT(e, 9);
	CHECK_INT(parse_errno("EBOGUS", &e), -1);
	CHECK_INT(parse_errno("0", &e), -1);
	CHECK_INT(parse_errno("4096", &e), -1);
	CHECK_INT(parse_errno("", &e), -1);
	CHECK_INT(parse_errno("ENOENTXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX", &e), -1);
	/* --syscall: a name or a number */
	CHECK_INT(parse_syscall("openat", &nr), 0);
	CHECK_INT(nr, 257);
	CHECK_INT(parse_syscall("470", &nr), 0);
	CHECK_INT(nr, 470);
	CHECK_INT(parse_syscall("sys_openat", &nr), -1);

	/* BCC's flags */
	CHECK(rejected("-T 0"));
	CHECK(rejected("-T abc"));
	CHECK(rejected("-e EBOGUS"));
	CHECK(rejected("--syscall nosuch"));
	CHECK(rejected("-p 0"));
	CHECK(rejected("-i 0"));
	CHECK(rejected("extra"));
	CHECK_INT(parse("-p 185 -x -e ENOENT -L -m -P -T 5 --syscall getppid"), 0);
	CHECK(env.failures && env.latency && env.milliseconds && env.process);
	CHECK_INT(env.pid, 185);
	CHECK_INT(env.errnum, 2);
	CHECK_INT(env.top, 5);
	CHECK_INT(env.syscall_nr, 110);
	CHECK_INT(interval.interval_ms, 0);
	CHECK_INT(build_cflags(&cf), 0);
	CHECK(has_flag(&cf, "-DTARG_PID=185"));
	CHECK(has_flag(&cf, "-DTARG_NR=110"));
	CHECK(has_flag(&cf, "-DTB_FAILED=1"));
	CHECK(has_flag(&cf, "-DTARG_ERRNO=2"));
	CHECK(has_flag(&cf, "-DTB_LATENCY=1"));
	CHECK(has_flag(&cf, "-DTB_BY_PROCESS=1"));
	CHECK(has_flag(&cf, "-DTB_NR_EXIT=60"));
	CHECK(has_flag(&cf, "-DTB_NR_EXIT_GROUP=231"));
	CHECK(!has_flag(&cf, "-DTB_CGROUP=1"));
	tb_cflags_free(&cf);
	/* -d alone: one summary after it; -i and -d: every -i until -d, as BCC counts seconds */
	CHECK_INT(parse("-d 5"), 0);
	CHECK_INT(interval.interval_ms, 5000);
	CHECK_INT(interval.count, 1);
	CHECK_INT(parse("-i 2 -d 5"), 0);
	CHECK_INT(interval.interval_ms, 2000);
	CHECK_INT(interval.count, 3);
	CHECK_INT(parse("-i 1"), 0);
	CHECK_INT(interval.count, 0);

	/* -l: sorted names, four to a line, "%-22s" joined by three spaces */
	{
		char *list = NULL;
		size_t len = 0;
		FILE *fp = open_memstream(&list, &len);

		CHECK_INT(list_syscalls(fp, false), 0);
		fclose(fp);
		CHECK(!strncmp(list, "_sysctl                  accept                   accept4", 57));
		CHECK(strstr(list, "\ngetppid ") || strstr(list, "   getppid "));
		free(list);
	}

	/* the summary, as BCC prints it: largest count first, unknown numbers as BCC names them */
	CHECK_INT(parse(""), 0);
	rows[0] = (struct row){ 1, { 5, 0, "" } };
	rows[1] = (struct row){ 110, { 1234, 0, "" } };
	rows[2] = (struct row){ 4000, { 7, 0, "" } };
	text = summary(rows, 3, false);
	CHECK_STR(text, "[09:39:04]\n"
			"SYSCALL                   COUNT\n"
			"getppid                    1234\n"
			"[unknown: 4000]               7\n"
			"write                         5\n");
	CHECK_INT(parse("-L"), 0);
	rows[0] = (struct row){ 110, { 1234, 2500000, "" } };
	rows[1] = (struct row){ 230, { 5, 100123456, "" } };
	text = summary(rows, 2, false);
	CHECK_STR(text, "[09:39:04]\n"
			"SYSCALL                   COUNT        TIME (us)\n"
			"clock_nanosleep               5       100123.456\n"
			"getppid                    1234         2500.000\n");
	text = summary(rows, 2, true);
	CHECK_STR(text, "{\"ts\":\"2026-12-06 09:39:04\",\"unit\":\"usecs\",\"syscalls\":["
			"{\"syscall\":\"clock_nanosleep\",\"nr\":230,\"count\":5,\"time\":100123.456},"
			"{\"syscall\":\"getppid\",\"nr\":110,\"count\":1234,\"time\":2500.000}]}\n");
	CHECK_INT(parse("-P -L -m"), 0);
	rows[0] = (struct row){ 4211, { 1600, 100000000, "syscount_target" } };
	text = summary(rows, 1, false);
	CHECK_STR(text, "[09:39:04]\n"
			"PID    COMM               COUNT        TIME (ms)\n"
			"4211   syscount_target     1600       100.000000\n");
	text = summary(rows, 1, true);
	CHECK_STR(text, "{\"ts\":\"2026-12-06 09:39:04\",\"unit\":\"msecs\",\"processes\":["
			"{\"pid\":4211,\"comm\":\"syscount_target\",\"count\":1600,\"time\":100.000000}]}\n");
	CHECK_INT(parse(""), 0);
	rows[0] = (struct row){ 4000, { 3, 0, "" } };
	text = summary(rows, 1, true);
	CHECK(strstr(text, "{\"syscall\":null,\"nr\":4000,\"count\":3}") != NULL);
	return check_result("test_syscount");
}
