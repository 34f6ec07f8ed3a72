/* The file system tools (ext4slower; xfsslower and the others are the same tools on other
 * functions): a file system's read, write, open and fsync functions, traced by kprobes and
 * kretprobes (programs/tb_bpf_fs.h is their BPF side). What differs by kernel: the read
 * function, the file system's own where it has one, else the kernel's generic one with its
 * files told apart by their file_operations address (BCC's ext4slower before Linux 4.10). */
#ifndef TB_FS_H
#define TB_FS_H

#include "tb_attach_choice.h"

struct tb_cflags;
struct tb_prog;

struct tb_fs {
	const char *name;         /* "ext4" */
	const char *read;         /* "ext4_file_read_iter" */
	const char *generic_read; /* where read is missing: "generic_file_read_iter", or NULL */
	const char *fops;         /* its file_operations symbol, for generic_read's filter */
	const char *write, *open, *fsync;
	/* the tool's .choice: kprobes alone, on functions every kernel has (TB_FS) */
	struct tb_attach_target target;
};

/* A struct tb_fs, its .choice target included. No fentry variant: libbcc names fentry
 * programs after their function, which the one program here leaves to the loader. */
#define TB_FS(fs, rd, generic, fops_sym, wr, op, sy)                                        \
	{ .name = fs, .read = rd, .generic_read = generic, .fops = fops_sym, .write = wr,       \
	  .open = op, .fsync = sy,                                                            \
	  .target = { .kfns = { wr, sy }, .methods = TB_ATTACH_BIT(TB_ATTACH_KPROBE),           \
		      .purpose = fs " operations",                                            \
		      .fn_desc = "kprobes and kretprobes on " fs "'s read, write, open, fsync" } }

/* The read function this kernel has (-v says which), and -DTB_FS_FOPS for the generic one.
 * 0, or -1 after one error line (the generic function with no address to filter by). */
int tb_fs_prepare(const struct tb_fs *fs, struct tb_cflags *cf);
/* The eight probes; 0, or <0 after one error line. */
int tb_fs_attach(struct tb_prog *prog, const struct tb_fs *fs);

#endif
