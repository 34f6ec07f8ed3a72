/* tcpaccept: the event shared by tcpaccept.bpf.c and frontends/tcpaccept.c. */
#ifndef TB_TCPACCEPT_H
#define TB_TCPACCEPT_H

#define TB_TCPACCEPT_COMM_LEN 16

struct tcpaccept_event {
	__u64 ts_ns;      /* when accept() returned (bpf_ktime_get_ns) */
	__u8 laddr[16];   /* network order; 4 bytes used for AF_INET */
	__u8 raddr[16];
	__u32 pid;        /* the accepting task's tgid */
	__u16 lport;      /* host order */
	__u16 rport;
	__u16 family;     /* AF_INET or AF_INET6 */
	__u16 pad;
	__u32 pad2;
	char comm[TB_TCPACCEPT_COMM_LEN];
};

#endif
