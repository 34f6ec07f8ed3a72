/* A vmlinux.h of only the kernel types one program reaches (btf_prune.c), so that a compile
 * against the BTF-made header tree parses what the program needs rather than every type. */
#ifndef TB_BTF_PRUNE_H
#define TB_BTF_PRUNE_H

/* Writes to path (created, must not exist) the kernel's types that the program text, its
 * cflags, libbcc's own headers and the tree's macros name, with what they depend on; the tree
 * is the BTF-made one the compile uses. 0, or -1 (said under -v) when the whole tree must do. */
int tb_btf_prune_write(const char *tree, const char *text, const char *const *cflags,
		       int ncflags, const char *path);

#endif
