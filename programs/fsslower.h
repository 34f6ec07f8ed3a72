/* fsslower: the event shared by fsslower.bpf.c (kernel side) and loader/tool/fsslower.c, for
 * every file system's slower tool (ext4slower; xfsslower, btrfsslower... are the same program
 * on other functions). */
#ifndef TB_FSSLOWER_H
#define TB_FSSLOWER_H

#define TB_FSSLOWER_COMM_LEN 16
/* bytes of the file's name (its last component) kept, NUL included: BCC's DNAME_INLINE_LEN */
#define TB_FSSLOWER_NAME_LEN 32
#define TB_FSSLOWER_DEFAULT_MS 10

/* the operations, as BCC numbers them (its T column: R W O S) */
#define TB_FS_READ 0
#define TB_FS_WRITE 1
#define TB_FS_OPEN 2
#define TB_FS_FSYNC 3

struct fsslower_event {
	__u64 end_ns;   /* bpf_ktime_get_ns() at return: the line's time, BCC's ENDTIME_us */
	__u64 delta_ns; /* entry to return */
	__s64 ret;      /* what the function returned: bytes for R and W, 0 or -errno for O, S */
	__u64 offset;   /* the file position at entry (0 for O and S, as BCC) */
	__u32 pid;      /* tgid */
	__u32 op;       /* TB_FS_READ... */
	char comm[TB_FSSLOWER_COMM_LEN];
	char file[TB_FSSLOWER_NAME_LEN];
};

#endif
