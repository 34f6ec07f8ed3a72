/* syncsnoop: the event shared by syncsnoop.bpf.c (kernel side) and frontends/syncsnoop.c. */
#ifndef TB_SYNCSNOOP_H
#define TB_SYNCSNOOP_H

#define TB_SYNCSNOOP_COMM_LEN 16

/* Which call was made: the CALL column. libbpf-tools' numbering, so that its names line up;
 * 0 is never sent (the frontend prints N/A for anything it does not know, as libbpf-tools
 * does, which an edited --bpf-file could send). */
#define TB_SYNCSNOOP_SYNC 1
#define TB_SYNCSNOOP_FSYNC 2
#define TB_SYNCSNOOP_FDATASYNC 3
#define TB_SYNCSNOOP_MSYNC 4
#define TB_SYNCSNOOP_SYNC_FILE_RANGE 5
#define TB_SYNCSNOOP_SYNC_FILE_RANGE2 6     /* arm64, powerpc: sync_file_range's other order */
#define TB_SYNCSNOOP_ARM_SYNC_FILE_RANGE 7  /* 32-bit arm's name for the same */
#define TB_SYNCSNOOP_SYNCFS 8
#define TB_SYNCSNOOP_NCALLS 9

struct syncsnoop_event {
	__u64 ts_ns;   /* bpf_ktime_get_ns() at entry: the TIME(s) column */
	__u32 call;    /* TB_SYNCSNOOP_SYNC... */
	__u32 pad;
	char comm[TB_SYNCSNOOP_COMM_LEN];
};

#endif
