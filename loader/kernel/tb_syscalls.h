/* Syscall names and numbers of this architecture (x86-64 here), and errno names: tables made
 * at build time from the build machine's uapi headers (<asm/unistd.h>, <errno.h>). A syscall
 * the running kernel has and those headers lack has no name: tools print its number, as BCC's
 * "[unknown: 462]". Shared by syscount and whatever else names syscalls. */
#ifndef TB_SYSCALLS_H
#define TB_SYSCALLS_H

#include <stddef.h>

/* "read" for 0; NULL for a number the table lacks (newer than the headers, or a gap). */
const char *tb_syscall_name(long nr);
/* 0 for "read"; -1 when the table has no such name. */
long tb_syscall_number(const char *name);
/* One past the highest number named: names are 0 .. tb_syscall_limit() - 1, NULL in gaps. */
long tb_syscall_limit(void);
/* A syscall as reports show it: its name, or BCC's "[unknown: N]". Returns out. */
const char *tb_syscall_format(long nr, char *out, size_t len);

/* 2 for "ENOENT" (and the aliases: EWOULDBLOCK is EAGAIN's 11); -1 when unknown. Upper case
 * only, as <errno.h> spells them. */
int tb_errno_number(const char *name);

#endif
