/* tcpconnect: the event and count key shared by tcpconnect.bpf.c and frontends/tcpconnect.c. */
#ifndef TB_TCPCONNECT_H
#define TB_TCPCONNECT_H

#define TB_TCPCONNECT_COMM_LEN 16
#define TB_TCPCONNECT_MAX_FLOWS 10240 /* -c: distinct (saddr, daddr, dport) counted */

struct tcpconnect_event {
	__u64 ts_ns;      /* when connect() sent the SYN (bpf_ktime_get_ns) */
	__u8 saddr[16];   /* network order; 4 bytes used for AF_INET */
	__u8 daddr[16];
	__u32 pid;        /* the connecting task's tgid */
	__u32 uid;
	__u16 lport;      /* host byte order; 0 where not known yet (see docs/tcpconnect.md) */
	__u16 dport;
	__u16 family;
	__u16 pad;
	char comm[TB_TCPCONNECT_COMM_LEN];
};

/* -c: one counter per source, destination and destination port */
struct tcpconnect_key {
	__u8 saddr[16];
	__u8 daddr[16];
	__u16 dport;
	__u16 family;
	__u32 pad;
};

/* -L on the tracepoint: what connect() left for the moment the local port is known */
struct tcpconnect_start {
	__u64 ts_ns;
	__u32 pid;
	__u32 uid;
	char comm[TB_TCPCONNECT_COMM_LEN];
};

#endif
