/* tcpretrans: every TCP retransmit, or a count per flow, as BCC's tcpretrans. Two ways to see
 * a retransmit, chosen by the frontend with a -D flag:
 *   TB_USE_TRACEPOINT  tcp:tcp_retransmit_skb (4.15+), which hands over the socket
 *   TB_USE_KPROBE      a kprobe on tcp_retransmit_skb (BCC's way before the tracepoint)
 * and -l adds a kprobe on tcp_send_loss_probe (WANT_TLP), which no tracepoint stands in for. */
#include <uapi/linux/ptrace.h>
#include <net/sock.h>
#include <net/tcp_states.h>
#include "tb_bpf.h"
#include "tb_bpf_net.h"
#include "tcpretrans.h"
#ifdef SHOW_SEQ
#include <net/tcp.h> /* struct tcp_skb_cb, in the skb's cb[] (TCP_SKB_CB) */
#endif

/* Options from the frontend, as -D flags: TARG_FAMILY (-4/-6), DO_COUNT (-c), WANT_TLP (-l),
 * SHOW_SEQ (-s). */

BPF_PERF_OUTPUT(events);
#ifdef DO_COUNT
BPF_HASH(counts, struct tcpretrans_flow, u64, TB_TCPRETRANS_MAX_FLOWS);
#endif

/* Everything is read from the socket, in every variant: the tracepoint's own fields changed
 * over the years (state in 4.16, family later), its socket pointer did not. */
static __always_inline int trace_event(void *ctx, struct sock *sk, struct sk_buff *skb, u32 type)
{
	struct tcpretrans_event e;
	u16 family = 0, dport = 0;
	u8 state = 0;

	if (!sk)
		return 0;
	bpf_probe_read_kernel(&family, sizeof(family), &sk->__sk_common.skc_family);
#ifdef TARG_FAMILY
	if (family != TARG_FAMILY)
		return 0;
#else
	if (family != AF_INET && family != AF_INET6)
		return 0;
#endif
	/* zeroed whole: the struct goes to a helper, padding included (4.14's verifier) */
	__builtin_memset(&e, 0, sizeof(e));
	e.flow.family = family;
	bpf_probe_read_kernel(&e.flow.lport, sizeof(e.flow.lport), &sk->__sk_common.skc_num);
	bpf_probe_read_kernel(&dport, sizeof(dport), &sk->__sk_common.skc_dport);
	e.flow.dport = tb_ntohs(dport);
	TB_SK_ADDRS(sk, family, e.flow.saddr, e.flow.daddr);
#ifdef DO_COUNT
	counts.atomic_increment(e.flow);
#else
	bpf_probe_read_kernel(&state, sizeof(state), (void *)&sk->__sk_common.skc_state);
	e.ts_ns = bpf_ktime_get_ns();
	e.pid = bpf_get_current_pid_tgid() >> 32;
	e.state = state;
	e.type = type;
#ifdef SHOW_SEQ
	if (skb)
		bpf_probe_read_kernel(&e.seq, sizeof(e.seq),
				      &((struct tcp_skb_cb *)&skb->cb[0])->seq);
#endif
	tb_count_lost(events.perf_submit(ctx, &e, sizeof(e)));
#endif
	return 0;
}

#ifdef TB_USE_KPROBE
int on_retransmit(struct pt_regs *ctx, struct sock *sk, struct sk_buff *skb)
{
	return trace_event(ctx, sk, skb, TB_TCPRETRANS_RETRANSMIT);
}
#else
/* 4.14 has no such tracepoint: libbcc cannot even compile the probe there (TB_TP_ in tb_bpf.h) */
#ifdef TB_TP_tcp__tcp_retransmit_skb
TRACEPOINT_PROBE(tcp, tcp_retransmit_skb)
{
	return trace_event(args, (struct sock *)args->skaddr, (struct sk_buff *)args->skbaddr,
			   TB_TCPRETRANS_RETRANSMIT);
}
#endif
#endif

#ifdef WANT_TLP
int on_tlp(struct pt_regs *ctx, struct sock *sk)
{
	return trace_event(ctx, sk, NULL, TB_TCPRETRANS_TLP); /* no segment: BCC's SEQ 0 */
}
#endif
