/* tcplife: each TCP session's life when it closes (task, addresses, bytes, duration), as
 * BCC's tcplife. The sock:inet_sock_set_state tracepoint by default; a kprobe on
 * tcp_set_state with -DTB_USE_KPROBE (kernels before 4.16 have no tracepoint). */
#include <uapi/linux/ptrace.h>
#include <linux/tcp.h>
#include <net/sock.h>
#include <net/tcp_states.h>
#include "tb_bpf.h"
#include "tb_bpf_net.h"
#include "tcplife.h"

/* Options from the frontend, as -D flags: TARG_PID, TARG_FAMILY, TARG_LPORTS=80,443,
 * TARG_DPORTS=... All are applied at CLOSE, when the ports and the owner are known (a
 * client's local port is 0 at SYN_SENT). */

/* skaddr -> when the session began: its first SYN_SENT, SYN_RECV or ESTABLISHED */
BPF_HASH(birth, u64, u64, 10240);
/* skaddr -> the task, from the first change made in process context */
BPF_HASH(whoami, u64, struct tcplife_id, 10240);
BPF_PERF_OUTPUT(events);

/* Births and owners; at CLOSE fills e (times, task) and says whether to report. */
static __always_inline bool track(struct tcplife_event *e, u64 skaddr, int newstate,
				  u16 family, u16 lport, u16 dport)
{
	u64 now = bpf_ktime_get_ns(), *tsp;
	struct tcplife_id *idp;

	/* BCC overwrites the birth at each early state (its MS starts at ESTABLISHED); the first
	 * one is kept here, so MS covers the handshake */
	if ((newstate == TCP_SYN_SENT || newstate == TCP_SYN_RECV ||
	     newstate == TCP_ESTABLISHED) && !birth.lookup(&skaddr))
		birth.update(&skaddr, &now);
	/* connect() (SYN_SENT) and close() (FIN_WAIT1, LAST_ACK) run in the owner's context;
	 * the other changes mostly in softirq, on behalf of whichever task was running */
	if ((newstate == TCP_SYN_SENT || newstate == TCP_FIN_WAIT1 || newstate == TCP_LAST_ACK) &&
	    !whoami.lookup(&skaddr)) {
		struct tcplife_id id = {};

		id.pid = bpf_get_current_pid_tgid() >> 32;
		bpf_get_current_comm(&id.comm, sizeof(id.comm));
		whoami.update(&skaddr, &id);
	}
	if (newstate != TCP_CLOSE)
		return false;
	tsp = birth.lookup(&skaddr);
	if (!tsp) {
		whoami.delete(&skaddr); /* a listener, or born before tracing started */
		return false;
	}
	e->span_ns = now - *tsp;
	birth.delete(&skaddr);
	idp = whoami.lookup(&skaddr);
	if (idp) {
		e->pid = idp->pid;
		__builtin_memcpy(e->comm, idp->comm, sizeof(e->comm));
		whoami.delete(&skaddr);
	} else {
		/* closed from softirq with no owner seen (a reset): the context's task, as BCC */
		e->pid = bpf_get_current_pid_tgid() >> 32;
		bpf_get_current_comm(&e->comm, sizeof(e->comm));
	}
#ifdef TARG_PID
	if (e->pid != TARG_PID)
		return false;
#endif
#ifdef TARG_FAMILY
	if (family != TARG_FAMILY)
		return false;
#endif
#ifdef TARG_LPORTS
	if (!TB_PORT_IN(lport, TARG_LPORTS))
		return false;
#endif
#ifdef TARG_DPORTS
	if (!TB_PORT_IN(dport, TARG_DPORTS))
		return false;
#endif
	e->ts_ns = now;
	e->family = family;
	e->lport = lport;
	e->dport = dport;
	return true;
}

#ifndef TB_USE_KPROBE
TRACEPOINT_PROBE(sock, inet_sock_set_state)
{
	struct tcplife_event e = {};
	struct tcp_sock *tp;

	if (args->protocol != IPPROTO_TCP)
		return 0;
	if (!track(&e, (u64)args->skaddr, args->newstate, args->family, args->sport, args->dport))
		return 0;
	/* BCC's throughput: what tcp_get_info() reports, read at close */
	tp = (struct tcp_sock *)args->skaddr;
	e.rx_b = tp->bytes_received;
	e.tx_b = tp->bytes_acked;
	TB_TP_ADDRS(args, e.saddr, e.daddr);
	tb_count_lost(events.perf_submit(args, &e, sizeof(e)));
	return 0;
}
#else
int on_tcp_set_state(struct pt_regs *ctx, struct sock *sk, int state)
{
	struct tcplife_event e = {};
	struct tcp_sock *tp = (struct tcp_sock *)sk;
	u16 family = sk->__sk_common.skc_family;
	u16 lport = sk->__sk_common.skc_num;
	/* read outside macros: BCC does not rewrite dereferences in macro arguments */
	u16 dport = sk->__sk_common.skc_dport;

	dport = tb_ntohs(dport);
	if (!track(&e, (u64)sk, state, family, lport, dport))
		return 0;
	e.rx_b = tp->bytes_received;
	e.tx_b = tp->bytes_acked;
	TB_SK_ADDRS(sk, family, e.saddr, e.daddr);
	tb_count_lost(events.perf_submit(ctx, &e, sizeof(e)));
	return 0;
}
#endif
