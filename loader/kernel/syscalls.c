/* Syscall and errno names from the tables generated at build time (syscall_table.cmake). */
#include <stdio.h>
#include <string.h>

#include "tb_syscalls.h"

/* gen/syscall_table.c */
extern const char *const tb_gen_syscall_names[];
extern const size_t tb_gen_syscall_count;
extern const struct tb_gen_errno { const char *name; int value; } tb_gen_errnos[];
extern const size_t tb_gen_errno_count;

const char *tb_syscall_name(long nr)
{
	if (nr < 0 || (size_t)nr >= tb_gen_syscall_count)
		return NULL;
	return tb_gen_syscall_names[nr];
}

long tb_syscall_number(const char *name)
{
	for (size_t i = 0; name && i < tb_gen_syscall_count; i++)
		if (tb_gen_syscall_names[i] && !strcmp(tb_gen_syscall_names[i], name))
			return (long)i;
	return -1;
}

long tb_syscall_limit(void)
{
	return (long)tb_gen_syscall_count;
}

const char *tb_syscall_format(long nr, char *out, size_t len)
{
	const char *name = tb_syscall_name(nr);

	if (name)
		snprintf(out, len, "%s", name);
	else
		snprintf(out, len, "[unknown: %ld]", nr);
	return out;
}

int tb_errno_number(const char *name)
{
	for (size_t i = 0; name && i < tb_gen_errno_count; i++)
		if (!strcmp(tb_gen_errnos[i].name, name))
			return tb_gen_errnos[i].value;
	return -1;
}
