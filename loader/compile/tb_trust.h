/* Opening the files a root tool trusts (the compile cache, the BTF header tree, a --bpf-file)
 * so that nobody but their owner can change what is read. See docs/security.md. */
#ifndef TB_TRUST_H
#define TB_TRUST_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/stat.h>
#include <sys/types.h>

/* Why a check failed: one phrase ("'/var/cache/tracebox' is a symbolic link"). */
struct tb_trust_why {
	char text[512];
};

/* A trusted owner: root, or the user the tool runs as (the same for a tool run as root). */
bool tb_trust_owner(uid_t uid);

/* Whether st may hold what root loads into the kernel: a directory or regular file owned by a
 * trusted owner, not writable by group or others. NULL when it may, else why not. */
const char *tb_trust_stat(const struct stat *st);

/* Opens the directory at the absolute path, walking from / one component at a time with
 * O_NOFOLLOW, each one checked by tb_trust_stat (a root-owned sticky directory such as /tmp
 * may be a parent: its entries can only be renamed by their owners). Missing components are
 * made when create_mode is not 0 (the last with create_mode, parents 0755). The fd, or -1. */
int tb_trust_open_dir(const char *path, mode_t create_mode, struct tb_trust_why *why);

/* One directory below a trusted one, the same way. */
int tb_trust_openat_dir(int dfd, const char *name, mode_t create_mode, struct tb_trust_why *why);

/* A regular file below a trusted directory, opened read-only with O_NOFOLLOW and checked on
 * its fd. The fd, -1 with why set, or -1 with why->text empty and errno ENOENT when missing. */
int tb_trust_openat_file(int dfd, const char *name, struct tb_trust_why *why);

/* Checks every entry below dfd, depth first, without following anything: only directories
 * and regular files, each passing tb_trust_stat. 0, or -1 with why naming the first bad one. */
int tb_trust_check_tree(int dfd, struct tb_trust_why *why);

/* A file the user names (--bpf-file, tbrun FILE), already open: refused when someone other
 * than root or the caller owns it or it is writable by group or others. NULL or why not. */
const char *tb_trust_user_fd(int fd, struct tb_trust_why *why);

#endif
