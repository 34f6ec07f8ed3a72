/* solisten: the event shared by solisten.bpf.c and frontends/solisten.c. */
#ifndef TB_SOLISTEN_H
#define TB_SOLISTEN_H

#define TB_SOLISTEN_COMM_LEN 16

struct solisten_event {
	__u64 ts_ns;     /* when listen() returned (bpf_ktime_get_ns) */
	__u8 addr[16];   /* the listening address, network order; 4 bytes used for AF_INET */
	__u32 pid;       /* tgid */
	__u32 netns;     /* the socket's network namespace inode number, 0 unknown */
	__s32 backlog;   /* as the caller gave it (the kernel caps it at net.core.somaxconn) */
	__s32 ret;       /* listen's result: 0 or -errno */
	__u16 port;      /* host order; the port listen() chose for an unbound socket */
	__u16 family;    /* AF_INET or AF_INET6 */
	__u32 pad;
	char comm[TB_SOLISTEN_COMM_LEN];
};

/* listen()'s arguments, from the entry to the return */
struct solisten_start {
	__u64 sock;      /* struct socket * (kprobe) or the fd (tracepoint) */
	__s32 backlog;
	__u32 pad;
};

#endif
