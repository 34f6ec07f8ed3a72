/* tcpdrop: TCP segments the kernel drops, with the kernel stack, as BCC's tcpdrop. Two ways,
 * chosen by the frontend with a -D flag:
 *   TB_USE_TRACEPOINT  skb:kfree_skb with its reason field (5.17+): every drop with a reason
 *                      past NOT_SPECIFIED, kept when the packet is TCP over IPv4 or IPv6
 *   TB_USE_KPROBE      a kprobe on tcp_drop (BCC's way; the function is gone since 5.19) */
#include <uapi/linux/ptrace.h>
#include <uapi/linux/ip.h>
#include <uapi/linux/ipv6.h>
#include <uapi/linux/tcp.h>
#include <linux/skbuff.h>
#include <net/sock.h>
#include "tb_bpf.h"
#include "tb_bpf_net.h"
#include "tcpdrop.h"

/* Options and facts from the frontend, as -D flags: TARG_FAMILY (-4/-6), TARG_NETNS
 * (--netns-id, --pid-netns), TB_DROP_NOT_SPECIFIED (the value this kernel's tracepoint format
 * gives NOT_SPECIFIED); the loader's TB_TP_skb__kfree_skb__rx_sk where the tracepoint names the
 * receiving socket. */
#ifndef ETH_P_IP
#define ETH_P_IP 0x0800
#endif
#ifndef ETH_P_IPV6
#define ETH_P_IPV6 0x86DD
#endif

BPF_STACK_TRACE(stack_traces, TB_TCPDROP_STACKS);
BPF_PERF_OUTPUT(events);

/* The packet's own headers give addresses and ports (a segment to a closed port has no
 * socket); the socket, when there is one, its state. proto: skb->protocol, host order. */
static __always_inline int trace_drop(void *ctx, struct sk_buff *skb, struct sock *sk, u16 proto,
				      u32 reason)
{
	struct tcpdrop_event e;
	unsigned char *head = NULL;
	u16 nh = 0, th = 0, port = 0;
	u8 l4 = 0;

	/* zeroed whole: the struct goes to a helper, padding included (4.14's verifier) */
	__builtin_memset(&e, 0, sizeof(e));
	bpf_probe_read_kernel(&head, sizeof(head), &skb->head);
	bpf_probe_read_kernel(&nh, sizeof(nh), &skb->network_header);
	bpf_probe_read_kernel(&th, sizeof(th), &skb->transport_header);
	if (proto == ETH_P_IP) {
		struct iphdr *ip = (struct iphdr *)(head + nh);

		e.family = AF_INET;
		bpf_probe_read_kernel(&l4, 1, &ip->protocol);
		bpf_probe_read_kernel(e.saddr, 4, &ip->saddr);
		bpf_probe_read_kernel(e.daddr, 4, &ip->daddr);
	} else if (proto == ETH_P_IPV6) {
		struct ipv6hdr *ip6 = (struct ipv6hdr *)(head + nh);

		e.family = AF_INET6;
		bpf_probe_read_kernel(&l4, 1, &ip6->nexthdr);
		bpf_probe_read_kernel(e.saddr, 16, &ip6->saddr);
		bpf_probe_read_kernel(e.daddr, 16, &ip6->daddr);
	}
	if (l4 != IPPROTO_TCP)
		return 0;
#ifdef TARG_FAMILY
	if (e.family != TARG_FAMILY)
		return 0;
#endif
#ifdef TARG_NETNS
	{
		struct net *net = NULL;
		u32 inum = 0;

		/* a drop without a socket has no namespace to tell: left out, as BCC */
		if (!sk)
			return 0;
		bpf_probe_read_kernel(&net, sizeof(net), &sk->__sk_common.skc_net.net);
		bpf_probe_read_kernel(&inum, sizeof(inum), &net->ns.inum);
		if (inum != TARG_NETNS)
			return 0;
	}
#endif
	{
		struct tcphdr *tcp = (struct tcphdr *)(head + th);

		bpf_probe_read_kernel(&port, sizeof(port), &tcp->source);
		e.sport = tb_ntohs(port);
		bpf_probe_read_kernel(&port, sizeof(port), &tcp->dest);
		e.dport = tb_ntohs(port);
		/* the flags byte follows the 4-bit data offset: byte 13 of the header */
		bpf_probe_read_kernel(&e.tcpflags, 1, (u8 *)tcp + 13);
	}
	if (sk)
		bpf_probe_read_kernel(&e.state, 1, (void *)&sk->__sk_common.skc_state);
	e.ts_ns = bpf_ktime_get_ns();
	e.pid = bpf_get_current_pid_tgid() >> 32;
	e.reason = reason;
	e.stack_id = stack_traces.get_stackid(ctx, 0);
	tb_count_lost(events.perf_submit(ctx, &e, sizeof(e)));
	return 0;
}

#ifdef TB_USE_KPROBE
int on_tcp_drop(struct pt_regs *ctx, struct sock *sk, struct sk_buff *skb)
{
	u16 proto = 0;

	bpf_probe_read_kernel(&proto, sizeof(proto), &skb->protocol);
	return trace_drop(ctx, skb, sk, tb_ntohs(proto), 0);
}
#else
#ifndef TB_DROP_NOT_SPECIFIED
#define TB_DROP_NOT_SPECIFIED 2
#endif
/* libbcc cannot compile the probe where the tracepoint is missing (TB_TP_ in tb_bpf.h) */
#ifdef TB_TP_skb__kfree_skb
TRACEPOINT_PROBE(skb, kfree_skb)
{
	struct sk_buff *skb = (struct sk_buff *)args->skbaddr;
	struct sock *sk = NULL;

	/* NOT_SPECIFIED is every plain kfree_skb(): too common to mean a drop (BCC skips it) */
	if (args->reason <= TB_DROP_NOT_SPECIFIED)
		return 0;
	if (args->protocol != ETH_P_IP && args->protocol != ETH_P_IPV6)
		return 0;
#ifdef TB_TP_skb__kfree_skb__rx_sk
	sk = (struct sock *)args->rx_sk;
#endif
	if (!sk)
		bpf_probe_read_kernel(&sk, sizeof(sk), &skb->sk);
	return trace_drop(args, skb, sk, args->protocol, args->reason);
}
#endif
#endif
