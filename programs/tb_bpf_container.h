/* BCC's --cgroupmap and --mntnsmap on the BPF side (loader/tool/tb_container.h): a tool that
 * offers them returns early where tb_container_skip() says so. The maps are the user's, pinned
 * in bpffs with BCC's layout (cgroup id u64 -> u64; mount namespace inode number u64 -> u32);
 * a task's mount namespace is read by tb_bpf.h's tb_mnt_ns_inum (TB_WANT_MNT_NS comes with
 * --mntnsmap). Include after tb_bpf.h. */
#ifndef TB_BPF_CONTAINER_H
#define TB_BPF_CONTAINER_H

#ifdef TB_CGROUPMAP_PATH
BPF_TABLE_PINNED("hash", u64, u64, tb_cgroupset, 1024, TB_CGROUPMAP_PATH);
#endif
#ifdef TB_MNTNSMAP_PATH
BPF_TABLE_PINNED("hash", u64, u32, tb_mount_ns_set, 1024, TB_MNTNSMAP_PATH);
#endif

static __always_inline bool tb_container_skip(void)
{
#ifdef TB_CGROUPMAP_PATH
	u64 cgroup = bpf_get_current_cgroup_id();

	if (!tb_cgroupset.lookup(&cgroup))
		return true;
#endif
#ifdef TB_MNTNSMAP_PATH
	u64 mnt_ns = tb_mnt_ns_inum((struct task_struct *)bpf_get_current_task());

	if (!tb_mount_ns_set.lookup(&mnt_ns))
		return true;
#endif
	return false;
}

#endif
