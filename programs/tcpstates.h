/* tcpstates: the event shared by tcpstates.bpf.c (kernel side) and frontends/tcpstates.c. */
#ifndef TB_TCPSTATES_H
#define TB_TCPSTATES_H

#define TB_TCPSTATES_COMM_LEN 16

struct tcpstates_event {
	__u64 ts_ns;      /* bpf_ktime_get_ns() */
	__u64 skaddr;     /* the struct sock's address: the socket's identity */
	__u64 span_ns;    /* time in oldstate; 0 when the socket was first seen now */
	__u8 saddr[16];   /* 4 bytes used for AF_INET */
	__u8 daddr[16];
	__u32 pid;        /* tgid of the task the change happened in (often softirq context) */
	__u16 lport;      /* host byte order */
	__u16 dport;
	__u16 family;
	__u16 pad;
	__s32 oldstate;
	__s32 newstate;
	char comm[TB_TCPSTATES_COMM_LEN];
	__u32 pad2;
};

#endif
