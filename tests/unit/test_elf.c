/* Unit tests of the DT_NEEDED reader, on this test's own executable (linked with libc). */
#include <errno.h>
#include <stdlib.h>

#include "check.h"
#include "tracebox.h"

int main(void)
{
	char name[256];
	char *path;

	CHECK_INT(tb_elf_needed("/proc/self/exe", "libc.so", name, sizeof(name)), 0);
	CHECK_STR(name, "libc.so.6");
	CHECK_INT(tb_elf_needed("/proc/self/exe", "libtb-no-such", name, sizeof(name)), -ENOENT);
	CHECK_INT(tb_elf_needed("/proc/self/status", "libc", name, sizeof(name)), -ENOEXEC);
	CHECK_INT(tb_elf_needed("/nonexistent/tb", "libc", name, sizeof(name)), -ENOENT);
	/* the soname is found through the loader's cache, as a full path */
	path = tb_elf_needed_path("/proc/self/exe", "libc.so");
	CHECK(path && path[0] == '/' && strstr(path, "libc.so"));
	free(path);
	CHECK(tb_elf_needed_path("/proc/self/exe", "libtb-no-such") == NULL);
	return check_result("test_elf");
}
