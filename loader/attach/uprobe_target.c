/* Which file a uprobe on a library function goes into: the library a process maps (or its own
 * program when it is static), or this system's, as BCC's name="c" finds it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bcc/bcc_proc.h>

#include "tb_attach.h"
#include "tb_log.h"
#include "tb_proc.h"

static char *found(const char *symbol, char *path, const char *why)
{
	if (path)
		tb_info("tracing %s() in %s (%s)", symbol, path, why);
	return path;
}

char *tb_uprobe_binary_of_pid(pid_t pid, const char *symbol, const char *const *libs,
			      size_t nlibs)
{
	char path[4096];

	for (size_t i = 0; i < nlibs; i++)
		if (!tb_proc_find_module(pid, libs[i], path, sizeof(path)) &&
		    tb_uprobe_has_symbol(path, symbol, -1))
			return found(symbol, strdup(path), "mapped by the process");
	/* a static program holds its own copy: the busybox guests' workloads, Go programs... */
	snprintf(path, sizeof(path), "/proc/%d/exe", (int)pid);
	if (tb_uprobe_has_symbol(path, symbol, -1))
		return found(symbol, strdup(path), "the process's own program");
	return NULL;
}

char *tb_uprobe_binary_of_system(const char *symbol, const char *const *names, size_t n)
{
	char *lib;

	for (size_t i = 0; i < n; i++) {
		lib = bcc_procutils_which_so(names[i], 0);
		if (lib && tb_uprobe_has_symbol(lib, symbol, -1))
			return found(symbol, lib, "the system's");
		free(lib);
	}
	return NULL;
}
