/* tcpdrop: the event shared by tcpdrop.bpf.c and frontends/tcpdrop.c. */
#ifndef TB_TCPDROP_H
#define TB_TCPDROP_H

#define TB_TCPDROP_STACKS 1024 /* kernel stacks kept in the stack map */

struct tcpdrop_event {
	__u64 ts_ns;      /* bpf_ktime_get_ns() */
	__u8 saddr[16];   /* the segment's source, network order; 4 bytes used for AF_INET */
	__u8 daddr[16];   /* its destination */
	__u32 pid;        /* the task on the CPU: mostly 0, segments arrive in softirqs */
	__s32 stack_id;   /* kernel stack in stack_traces; < 0 when lost */
	__u32 reason;     /* enum skb_drop_reason (tracepoint), 0 from tcp_drop (kprobe) */
	__u16 sport;      /* host byte order */
	__u16 dport;
	__u16 family;
	__u8 state;       /* the socket's TCP state, 0 when the segment had no socket */
	__u8 tcpflags;    /* the TCP header's flags byte */
	__u32 pad;
};

#endif
