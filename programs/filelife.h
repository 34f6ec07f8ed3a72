/* filelife: the event shared by filelife.bpf.c (kernel side) and frontends/filelife.c. */
#ifndef TB_FILELIFE_H
#define TB_FILELIFE_H

#define TB_FILELIFE_COMM_LEN 16
/* bytes of the file's name kept: BCC's DNAME_INLINE_LEN (32 on 64-bit kernels up to 6.x) */
#define TB_FILELIFE_NAME_LEN 32
/* files created and not yet deleted that are remembered (BCC's hash size) */
#define TB_FILELIFE_MAX_FILES 10240

/* A file deleted that was created while filelife ran. */
struct filelife_event {
	__u64 age_ns; /* creation to deletion */
	__u32 pid;    /* the deleting process (tgid) */
	__u32 pad;
	char comm[TB_FILELIFE_COMM_LEN];
	char name[TB_FILELIFE_NAME_LEN]; /* the dentry's name, not NUL-terminated when full */
};

#endif
