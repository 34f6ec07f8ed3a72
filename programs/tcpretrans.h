/* tcpretrans: the event and count key shared by tcpretrans.bpf.c and frontends/tcpretrans.c. */
#ifndef TB_TCPRETRANS_H
#define TB_TCPRETRANS_H

#define TB_TCPRETRANS_MAX_FLOWS 10240 /* -c: distinct flows counted */

/* what the kernel was doing: BCC's T column, "R>" or "L>" */
#define TB_TCPRETRANS_RETRANSMIT 1
#define TB_TCPRETRANS_TLP 2 /* -l: tcp_send_loss_probe, an attempt (it may send nothing) */

/* One flow, as the sender sees it; -c's key */
struct tcpretrans_flow {
	__u8 saddr[16];   /* network order; 4 bytes used for AF_INET */
	__u8 daddr[16];
	__u16 lport;      /* host byte order */
	__u16 dport;
	__u16 family;
	__u16 pad;
};

struct tcpretrans_event {
	__u64 ts_ns;      /* bpf_ktime_get_ns() */
	struct tcpretrans_flow flow;
	__u32 pid;        /* the task on the CPU: mostly 0, timers retransmit */
	__u32 state;      /* the socket's TCP state */
	__u32 type;       /* TB_TCPRETRANS_RETRANSMIT or TB_TCPRETRANS_TLP */
	__u32 seq;        /* -s: the segment's first sequence number (0: a TLP, or not asked) */
};

#endif
