/* fsdist: the histogram key shared by fsdist.bpf.c (kernel side) and loader/tool/fsdist.c, for
 * every file system's dist tool (ext4dist; xfsdist... are the same program on other
 * functions). */
#ifndef TB_FSDIST_H
#define TB_FSDIST_H

/* one log2 histogram per operation (TB_FS_READ... of tb_bpf_fs.h's callers: fsslower.h's
 * numbering), as BCC's sections "operation = read" */
struct fsdist_key {
	__u32 op;
	__u32 pad; /* zeroed: the key is hashed with it */
	__u64 slot;
};

/* 4 operations of at most 65 slots each */
#define TB_FSDIST_ENTRIES 260

#endif
