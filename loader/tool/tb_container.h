/* BCC's container filters, --cgroupmap PATH and --mntnsmap PATH: only the processes whose
 * cgroup (or mount namespace) is a key of a BPF hash map the user pinned in bpffs, as BCC's
 * tools take them (docs/containers.md). A tool offers them by using tb_container_children as
 * its argp's children and calling tb_container_skip() (programs/tb_bpf_container.h) where its
 * BPF program starts an event; the loader adds their -D flags to every tool's compile. */
#ifndef TB_CONTAINER_H
#define TB_CONTAINER_H

#include <argp.h>

struct tb_cflags;

struct tb_container {
	const char *cgroupmap; /* --cgroupmap: keys are cgroup v2 ids (u64 -> u64) */
	const char *mntnsmap;  /* --mntnsmap: keys are mount namespace inode numbers (u64 -> u32) */
};
extern struct tb_container tb_container;

/* The two options, then the common ones. */
extern const struct argp_child tb_container_children[];

/* Checks the pinned maps (present, hash maps of BCC's key and value sizes) and what the kernel
 * must have, then adds TB_CGROUPMAP_PATH, TB_MNTNSMAP_PATH and TB_WANT_MNT_NS. Nothing
 * without the options. 0, or -1 after one error line. */
int tb_container_cflags(struct tb_cflags *cf);

#endif
