/* BCC's --cgroupmap and --mntnsmap: the options, the checks of the user's pinned maps, and the
 * -D flags that switch on programs/tb_bpf_container.h's filter. */
#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <linux/bpf.h>
#include <bcc/libbpf.h>
#include "tracebox.h"
#include "internal.h"
#include "tb_container.h"

struct tb_container tb_container;

enum { OPT_CGROUPMAP = 0x1100, OPT_MNTNSMAP };

static const struct argp_option options[] = {
	{ "cgroupmap", OPT_CGROUPMAP, "PATH", 0, "Trace only the cgroups in this pinned BPF map "
						 "(keys: cgroup v2 ids, as BCC's)", 0 },
	{ "mntnsmap", OPT_MNTNSMAP, "PATH", 0, "Trace only the mount namespaces in this pinned BPF "
					       "map (keys: their inode numbers, as BCC's)", 0 },
	{ 0 },
};

static error_t parse_opt(int key, char *arg, struct argp_state *state)
{
	(void)state;
	switch (key) {
	case OPT_CGROUPMAP: tb_container.cgroupmap = arg; break;
	case OPT_MNTNSMAP: tb_container.mntnsmap = arg; break;
	default: return ARGP_ERR_UNKNOWN;
	}
	return 0;
}

static const struct argp container_argp = { options, parse_opt, NULL, NULL, NULL, NULL, NULL };
const struct argp_child tb_container_children[] = {
	{ &container_argp, 0, "Container filters (BCC's):", 0 },
	{ &tb_common_argp, 0, "Common options:", 0 },
	{ 0 },
};

/* The map pinned at path is a hash of BCC's sizes; libbcc opens it again by the path. */
static int check_map(const char *option, const char *path, __u32 value_size)
{
	struct bpf_map_info info = { 0 };
	__u32 len = sizeof(info);
	int fd;

	/* the path becomes a string literal of the program (BPF_TABLE_PINNED) */
	if (strpbrk(path, "\"\\\n")) {
		tb_error("invalid %s '%s': a path with quotes or backslashes", option, path);
		return -1;
	}
	fd = bpf_obj_get(path);
	if (fd < 0) {
		tb_error("failed to open %s '%s': %s (pin a hash map there first: see docs/containers.md)",
			 option, path, strerror(errno));
		return -1;
	}
	if (bpf_obj_get_info(fd, &info, &len)) {
		tb_error("failed to read %s '%s': %s (not a BPF map?)", option, path, strerror(errno));
		close(fd);
		return -1;
	}
	close(fd);
	if (info.type != BPF_MAP_TYPE_HASH || info.key_size != 8 || info.value_size != value_size) {
		tb_error("invalid %s '%s': want a hash map with 8-byte keys and %u-byte values, as "
			 "BCC's tools use (it is type %u, keys %u, values %u bytes)", option, path,
			 value_size, info.type, info.key_size, info.value_size);
		return -1;
	}
	return 0;
}

int tb_container_cflags(struct tb_cflags *cf)
{
	const char *cg = tb_container.cgroupmap, *mnt = tb_container.mntnsmap;

	if (cg) {
		if (check_map("--cgroupmap", cg, 8))
			return -1;
		if (!tb_helper_supported(BPF_FUNC_get_current_cgroup_id)) {
			tb_error("failed to use --cgroupmap: this kernel has no "
				 "bpf_get_current_cgroup_id() (Linux 4.18 has it); run without it");
			return -1;
		}
		if (tb_cflags_add(cf, "-DTB_CGROUPMAP_PATH=\"%s\"", cg))
			return -1;
	}
	if (mnt) {
		/* TB_WANT_MNT_NS: tb_bpf.h's reader of a task's mount namespace (mountsnoop's) */
		if (check_map("--mntnsmap", mnt, 4) ||
		    tb_cflags_add(cf, "-DTB_MNTNSMAP_PATH=\"%s\"", mnt) ||
		    tb_cflags_add(cf, "-DTB_WANT_MNT_NS=1"))
			return -1;
	}
	return 0;
}
