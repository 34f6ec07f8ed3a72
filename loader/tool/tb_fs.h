/* The file system tools (ext4slower, ext4dist, xfsslower, xfsdist: the same tools on each file
 * system's functions): a file system's read, write, open and fsync functions, traced by kprobes
 * and kretprobes (programs/tb_bpf_fs.h is their BPF side), and the options they all take (-p
 * PID, --attach). What differs by kernel: the read function, the file system's own where it
 * has one, else the kernel's generic one with its files told apart by their file_operations
 * address (BCC's ext4 tools before Linux 4.10). */
#ifndef TB_FS_H
#define TB_FS_H

#include <argp.h>

#include "tb_attach_choice.h"

struct tb_cflags;
struct tb_prog;

struct tb_fs {
	const char *name;         /* "ext4" */
	const char *title;        /* as BCC's lines name it: "ext4", "XFS" */
	const char *read;         /* "ext4_file_read_iter" */
	const char *generic_read; /* where read is missing: "generic_file_read_iter", or NULL */
	const char *fops;         /* its file_operations symbol, for generic_read's filter */
	const char *write, *open, *fsync;
	/* the tool's .choice: kprobes alone, on functions every kernel has */
	struct tb_attach_target target;
};

/* The file systems known. No fentry variant: libbcc names fentry programs after their
 * function, which the one program here leaves to the loader. */
extern const struct tb_fs tb_fs_ext4;
extern const struct tb_fs tb_fs_xfs;

/* What the options chose: -p PID and --attach (auto or kprobe); the file system is set by
 * tb_fs_prepare. */
struct tb_fs_opts {
	const struct tb_fs *fs;
	long pid;                     /* -1 = all */
	enum tb_attach_method attach;
};
extern struct tb_fs_opts tb_fs_opts;
/* The argp children of a file system tool: those two options, then the common ones. */
extern const struct argp_child tb_fs_children[];

/* The read function this kernel has (-v says which), -DTB_FS_FOPS for the generic one and
 * -DTARG_PID. 0, or -1 after one error line (the generic function with no address to filter
 * by). */
int tb_fs_prepare(const struct tb_fs *fs, struct tb_cflags *cf);
/* .attach: the eight probes of the file system prepared; 0, or <0 after one error line. */
int tb_fs_attach(struct tb_prog *prog);

/* A file system tool's attach: the choice (kprobes), the option holding it, the probes. */
#define TB_FS_ATTACH(fs)                                                                  \
	.choice = &(fs).target, .method = &tb_fs_opts.attach, .attach = tb_fs_attach

#endif
