/* opensnoop: the event shared by opensnoop.bpf.c (kernel side) and frontends/opensnoop.c. */
#ifndef TB_OPENSNOOP_H
#define TB_OPENSNOOP_H

#define TB_OPENSNOOP_COMM_LEN 16
#define TB_OPENSNOOP_NAME_LEN 256  /* path bytes kept, NUL included (BCC keeps NAME_MAX) */
#define TB_OPENSNOOP_MAX_DEPTH 32  /* -F: directories above the file (BCC's MAX_ENTRIES) */
#define TB_OPENSNOOP_PART_LEN 256  /* -F: bytes per directory name, NUL included */

struct opensnoop_event {
	__u64 ts;          /* bpf_ktime_get_ns() at the syscall's return */
	__u32 pid;         /* tgid */
	__u32 tid;
	__u32 uid;
	__s32 ret;         /* fd, or -errno */
	__s32 flags;       /* open flags as passed */
	__u32 mode;        /* mode as passed (meaningful with O_CREAT/O_TMPFILE) */
	__u32 depth;       /* -F: names used in parts[] */
	__u32 pad;
	char comm[TB_OPENSNOOP_COMM_LEN];
	char name[TB_OPENSNOOP_NAME_LEN]; /* the path as the caller passed it */
};

/* -F sends the start directory's names (the working directory, or openat()'s dfd) after the
 * event, innermost first ("b", "a", "/" for /a/b); a mount's root is named "/" and marks
 * where its mount point's names continue. depth 0: the directory could not be read. */
struct opensnoop_full_event {
	struct opensnoop_event e;
	char parts[TB_OPENSNOOP_MAX_DEPTH][TB_OPENSNOOP_PART_LEN];
};

#endif
