/* fileslower: the event shared by fileslower.bpf.c (kernel side) and frontends/fileslower.c. */
#ifndef TB_FILESLOWER_H
#define TB_FILESLOWER_H

#define TB_FILESLOWER_COMM_LEN 16
/* bytes of the file's name kept: BCC's DNAME_INLINE_LEN (32), so a longer name prints as its
 * first 29 characters and "..." */
#define TB_FILESLOWER_NAME_LEN 32
#define TB_FILESLOWER_DEFAULT_MS 10
/* threads with a read or write in flight */
#define TB_FILESLOWER_MAX_ENTRIES 10240

/* the D column */
#define TB_FILESLOWER_READ 0
#define TB_FILESLOWER_WRITE 1

/* One read or write slower than the threshold (BCC's data_t). */
struct fileslower_event {
	__u64 end_ns;   /* bpf_ktime_get_ns() at return: the line's TIME(s) */
	__u64 delta_ns; /* entry to return */
	__u32 tid;      /* BCC's TID column */
	__u32 bytes;    /* the size asked for (the count argument), as BCC */
	__u32 name_len; /* the whole name's length, for the "..." of a longer one */
	__u32 dir;      /* TB_FILESLOWER_READ or _WRITE */
	char comm[TB_FILESLOWER_COMM_LEN];
	char name[TB_FILESLOWER_NAME_LEN]; /* the dentry's name, not NUL-terminated when full */
};

#endif
