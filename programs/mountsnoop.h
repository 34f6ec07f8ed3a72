/* mountsnoop: the event shared by mountsnoop.bpf.c (kernel side) and frontends/mountsnoop.c. */
#ifndef TB_MOUNTSNOOP_H
#define TB_MOUNTSNOOP_H

#define TB_MOUNTSNOOP_COMM_LEN 16
#define TB_MOUNTSNOOP_STR_LEN 256  /* bytes kept per string argument, NUL included */
#define TB_MOUNTSNOOP_NSTR 4       /* string arguments at most (mount's) */

/* Which call: the CALL column's name. 0 is never sent (an edited --bpf-file could). */
#define TB_MOUNTSNOOP_MOUNT 1
#define TB_MOUNTSNOOP_UMOUNT 2
#define TB_MOUNTSNOOP_FSOPEN 3      /* the new mount API, 5.2 and later */
#define TB_MOUNTSNOOP_FSCONFIG 4
#define TB_MOUNTSNOOP_FSMOUNT 5
#define TB_MOUNTSNOOP_MOVE_MOUNT 6
#define TB_MOUNTSNOOP_NCALLS 7

/* One event per call, sent at its return. What each call's arguments are:
 *   mount(str[0] source, str[1] target, str[2] type, flags, str[3] data)
 *   umount(str[0] target, flags)
 *   fsopen(str[0] fs_name, flags)
 *   fsconfig(fd, arg = cmd, str[0] key, str[1] value, aux)
 *   fsmount(fd = fs_fd, flags, arg = attr_flags)
 *   move_mount(fd = from_dfd, str[0] from_pathname, fd2 = to_dfd, str[1] to_pathname, flags) */
struct mountsnoop_event {
	__u64 flags;
	__u32 pid;         /* tgid: BCC's PID */
	__u32 tid;         /* BCC's TID */
	__u32 ppid;        /* the real parent's tgid (-P) */
	__u32 mnt_ns;      /* the caller's mount namespace: its inode number */
	__s32 ret;         /* the call's result: 0, an fd, or -errno */
	__u32 call;        /* TB_MOUNTSNOOP_MOUNT... */
	__s32 fd;
	__s32 fd2;
	__u32 arg;
	__s32 aux;
	char comm[TB_MOUNTSNOOP_COMM_LEN];
	char pcomm[TB_MOUNTSNOOP_COMM_LEN];
	char str[TB_MOUNTSNOOP_NSTR][TB_MOUNTSNOOP_STR_LEN];
};

#endif
