/* tcpconnlat: TCP active-open latency, from connect() to the handshake's end, as BCC's
 * tcpconnlat. Three ways to see it, chosen by the frontend with a -D flag:
 *   TB_USE_FENTRY      fentry on tcp_v4_connect/tcp_v6_connect and tcp_rcv_state_process
 *   TB_USE_KPROBE      kprobes on the same functions (BCC's own way)
 *   TB_USE_TRACEPOINT  sock:inet_sock_set_state: CLOSE->SYN_SENT, which happens in the
 *                       connecting task inside connect(), to SYN_SENT->ESTABLISHED */
#include <uapi/linux/ptrace.h>
#include <linux/skbuff.h>
#include <net/sock.h>
#include <net/tcp_states.h>
#include "tb_bpf.h"
#include "tb_bpf_net.h"
#include "tcpconnlat.h"

/* Options from the frontend, as -D flags: TARG_PID, TARG_FAMILY, MIN_LAT_NS. */

BPF_HASH(start, u64, struct tcpconnlat_start, 10240);
BPF_PERF_OUTPUT(events);

static __always_inline int on_connect_start(u64 skaddr)
{
	struct tcpconnlat_start s = {};
	u32 pid = bpf_get_current_pid_tgid() >> 32;

#ifdef TARG_PID
	if (pid != TARG_PID)
		return 0;
#endif
	s.ts_ns = bpf_ktime_get_ns();
	s.pid = pid;
	bpf_get_current_comm(&s.comm, sizeof(s.comm));
	start.update(&skaddr, &s);
	return 0;
}

/* Fills e from the start entry; false when there is none or the latency is under the minimum.
 * The entry is deleted either way. */
static __always_inline bool on_connect_done(struct tcpconnlat_event *e, u64 skaddr)
{
	struct tcpconnlat_start *s = start.lookup(&skaddr);
	u64 now = bpf_ktime_get_ns();

	if (!s)
		return false; /* connect not seen (started before us) or filtered */
	e->ts_ns = now;
	e->delta_ns = now - s->ts_ns;
	e->pid = s->pid;
	__builtin_memcpy(e->comm, s->comm, sizeof(e->comm));
	start.delete(&skaddr);
#ifdef MIN_LAT_NS
	if (e->delta_ns < MIN_LAT_NS)
		return false;
#endif
	return true;
}

#if defined(TB_USE_KPROBE) || defined(TB_USE_FENTRY)
/* TCP header flags (byte 13) */
#define TB_TCP_RST 0x04
#define TB_TCP_SYN 0x02
#define TB_TCP_ACK 0x10

/* See tcp_v4_do_rcv(): ESTABLISHED and LISTEN sockets take fast paths, so in
 * tcp_rcv_state_process() a socket still in SYN_SENT is receiving the answer to its SYN. BCC
 * takes any such packet as the handshake's end, so a refused connect (an RST) was printed as a
 * connection: only a SYN-ACK counts here, and an RST drops the entry. */
static __always_inline int on_rcv_state_process(void *ctx, struct sock *sk, struct sk_buff *skb)
{
	struct tcpconnlat_event e = {};
	unsigned char *head;
	u16 family, th;
	u8 flags = 0;

	if (sk->__sk_common.skc_state != TCP_SYN_SENT)
		return 0;
	head = skb->head;
	th = skb->transport_header;
	bpf_probe_read_kernel(&flags, 1, head + th + 13);
	if (flags & TB_TCP_RST) {
		u64 skaddr = (u64)sk;

		start.delete(&skaddr);
		return 0;
	}
	if ((flags & (TB_TCP_SYN | TB_TCP_ACK)) != (TB_TCP_SYN | TB_TCP_ACK))
		return 0;
	if (!on_connect_done(&e, (u64)sk))
		return 0;
	family = sk->__sk_common.skc_family;
	e.family = family;
	e.lport = sk->__sk_common.skc_num;
	/* not inside the macro: BCC does not rewrite dereferences in macro arguments */
	e.dport = sk->__sk_common.skc_dport;
	e.dport = tb_ntohs(e.dport);
	TB_SK_ADDRS(sk, family, e.saddr, e.daddr);
	tb_count_lost(events.perf_submit(ctx, &e, sizeof(e)));
	return 0;
}
#endif

#if defined(TB_USE_KPROBE)
int on_tcp_v4_connect(struct pt_regs *ctx, struct sock *sk)
{
	return on_connect_start((u64)sk);
}

int on_tcp_v6_connect(struct pt_regs *ctx, struct sock *sk)
{
	return on_connect_start((u64)sk);
}

int on_tcp_rcv_state_process(struct pt_regs *ctx, struct sock *sk, struct sk_buff *skb)
{
	return on_rcv_state_process(ctx, sk, skb);
}
#elif defined(TB_USE_FENTRY)
KFUNC_PROBE(tcp_v4_connect, struct sock *sk)
{
	return on_connect_start((u64)sk);
}

KFUNC_PROBE(tcp_v6_connect, struct sock *sk)
{
	return on_connect_start((u64)sk);
}

KFUNC_PROBE(tcp_rcv_state_process, struct sock *sk, struct sk_buff *skb)
{
	return on_rcv_state_process(ctx, sk, skb);
}
#else
TRACEPOINT_PROBE(sock, inet_sock_set_state)
{
	struct tcpconnlat_event e = {};
	u64 sk = (u64)args->skaddr;

	if (args->protocol != IPPROTO_TCP)
		return 0;
	if (args->newstate == TCP_SYN_SENT) {
#ifdef TARG_FAMILY
		if (args->family != TARG_FAMILY)
			return 0;
#endif
		return on_connect_start(sk);
	}
	if (args->oldstate != TCP_SYN_SENT)
		return 0;
	/* SYN_SENT -> CLOSE (refused, timed out) only drops the entry */
	if (args->newstate != TCP_ESTABLISHED) {
		start.delete(&sk);
		return 0;
	}
	if (!on_connect_done(&e, sk))
		return 0;
	e.family = args->family;
	e.lport = args->sport;
	e.dport = args->dport;
	TB_TP_ADDRS(args, e.saddr, e.daddr);
	tb_count_lost(events.perf_submit(args, &e, sizeof(e)));
	return 0;
}
#endif
