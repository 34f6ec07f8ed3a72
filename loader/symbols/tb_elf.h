/* Small ELF look-ups the tools need without libelf: the libraries a binary asks for, its
 * build-id. */
#ifndef TB_ELF_H
#define TB_ELF_H

#include <stddef.h>

/* Finds the DT_NEEDED entry of 64-bit ELF file `path` whose name contains `part` (e.g.
 * "libreadline.so") and copies that name ("libreadline.so.8") to out. 0 when found, -ENOENT
 * when no entry matches, another -errno when the file is unreadable or not 64-bit ELF. */
int tb_elf_needed(const char *path, const char *part, char *out, size_t len);

/* The path of the library a binary needs whose name contains `part`, found through its
 * dynamic section and the loader's cache (ldconfig), malloc'd; NULL when none. */
char *tb_elf_needed_path(const char *path, const char *part);

/* The GNU build-id of 64-bit ELF file `path` copied to out: its length, or -errno (-ENOENT
 * when it has none). */
int tb_elf_build_id(const char *path, unsigned char *out, size_t len);

#endif
