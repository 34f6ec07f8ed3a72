/* Unit tests of the /proc parsers: /proc/PID/stat's state after any comm, maps paths. */
#include <errno.h>
#include <unistd.h>

#include "check.h"
#include "tb_proc.h"

static char *maps_path(const char *line)
{
	static char buf[512];

	snprintf(buf, sizeof(buf), "%s", line);
	return tb_proc_maps_path(buf);
}

int main(void)
{
	CHECK_INT(tb_proc_stat_state("1234 (bash) S 1 1234 1234 34816"), 'S');
	/* comm may hold spaces and parentheses: the state follows the last ')' */
	CHECK_INT(tb_proc_stat_state("77 (a) R (b) Z 1 2 3"), 'Z');
	CHECK_INT(tb_proc_stat_state("77 (x)) ) R 1 2"), 'R');
	CHECK_INT(tb_proc_stat_state("9 ( ) D 0\n"), 'D');
	CHECK_INT(tb_proc_stat_state("9 (sh)"), 0);
	CHECK_INT(tb_proc_stat_state("9 (sh) "), 0);
	CHECK_INT(tb_proc_stat_state("garbage"), 0);
	CHECK_INT(tb_proc_stat_state(""), 0);

	CHECK(tb_proc_alive(getpid()));
	CHECK(!tb_proc_alive(0x3fffffff));

	CHECK_STR(maps_path("7f2a1c000000-7f2a1c028000 r--p 00000000 08:01 1234   "
			    "/usr/lib/x86_64-linux-gnu/libc.so.6\n"),
		  "/usr/lib/x86_64-linux-gnu/libc.so.6");
	CHECK_STR(maps_path("00400000-00401000 r-xp 00000000 08:01 99 /tmp/a dir/prog (deleted)"),
		  "/tmp/a dir/prog (deleted)");
	CHECK(maps_path("7ffd8000-7ffda000 rw-p 00000000 00:00 0                  [stack]") == NULL);
	CHECK(maps_path("7ffd8000-7ffda000 rw-p 00000000 00:00 0 [anon:a/b]") == NULL);
	CHECK(maps_path("7ffd8000-7ffda000 rw-p 00000000 00:00 0") == NULL);
	CHECK(maps_path("/x") == NULL);
	CHECK(maps_path("") == NULL);

	char out[256];
	CHECK_INT(tb_proc_find_module(getpid(), "libc", out, sizeof(out)), 0);
	CHECK(strstr(out, "/libc") != NULL);
	CHECK_INT(tb_proc_find_module(getpid(), "libtb-no-such", out, sizeof(out)), -ENOENT);
	CHECK_INT(tb_proc_find_module(0x3fffffff, "libc", out, sizeof(out)), -ESRCH);
	return check_result("test_proc");
}
