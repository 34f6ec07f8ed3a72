/* tcpconnect: every active TCP connect, as BCC's tcpconnect. Two ways to see it, chosen by
 * the frontend with a -D flag:
 *   TB_USE_TRACEPOINT  sock:inet_sock_set_state CLOSE -> SYN_SENT, which tcp_v4/v6_connect
 *                      makes in the connecting task, after the addresses are set but before
 *                      the local port is chosen (-L waits for the socket to leave SYN_SENT)
 *   TB_USE_KPROBE      kprobe and kretprobe on tcp_v4_connect/tcp_v6_connect (BCC's way)
 * and, with -d, DNS replies for user space to parse, one of two ways:
 *   DNS_KPROBE         kprobe and kretprobe on udp_recvmsg/udpv6_recvmsg (BCC's way)
 *   DNS_SYSCALLS       the recvfrom and recvmsg syscall tracepoints, where no kprobes are */
#include <uapi/linux/ptrace.h>
#include <net/sock.h>
#include <net/tcp_states.h>
#ifdef DNS_SYSCALLS
#define TB_WANT_FILE_OF_FD /* tb_sock_of_fd */
#endif
#ifdef DNS_KPROBE
#define TB_WANT_MSG_USER_BUF /* tb_msg_user_buf */
#endif
#include "tb_bpf.h"
#include "tb_bpf_container.h"
#include "tb_bpf_net.h"
#include "tcpconnect.h"

/* Options from the frontend, as -D flags: TARG_PID, TARG_UID, TARG_FAMILY, TARG_DPORTS=80,443,
 * DO_COUNT (-c: count instead of events), WANT_LPORT (-L), DNS_KPROBE or DNS_SYSCALLS (-d). */

BPF_PERF_OUTPUT(events);
#ifdef DO_COUNT
BPF_HASH(counts, struct tcpconnect_key, u64, TB_TCPCONNECT_MAX_FLOWS);
#endif

/* The task's filters (-p, -u); fills pid, uid and comm. */
static __always_inline bool task_wanted(struct tcpconnect_event *e)
{
	e->pid = bpf_get_current_pid_tgid() >> 32;
	e->uid = (u32)bpf_get_current_uid_gid();
#ifdef TARG_PID
	if (e->pid != TARG_PID)
		return false;
#endif
#ifdef TARG_UID
	if (e->uid != TARG_UID)
		return false;
#endif
	if (tb_container_skip())
		return false;
	bpf_get_current_comm(&e->comm, sizeof(e->comm));
	return true;
}

/* The socket's filters (-4/-6, -P) */
static __always_inline bool sock_wanted(u16 family, u16 dport)
{
#ifdef TARG_FAMILY
	if (family != TARG_FAMILY)
		return false;
#endif
#ifdef TARG_DPORTS
	if (!TB_PORT_IN(dport, TARG_DPORTS))
		return false;
#endif
	return true;
}

static __always_inline void report(void *ctx, struct tcpconnect_event *e)
{
#ifdef DO_COUNT
	struct tcpconnect_key k = {};

	__builtin_memcpy(k.saddr, e->saddr, sizeof(k.saddr));
	__builtin_memcpy(k.daddr, e->daddr, sizeof(k.daddr));
	k.dport = e->dport;
	k.family = e->family;
	counts.atomic_increment(k);
#else
	tb_count_lost(events.perf_submit(ctx, e, sizeof(*e)));
#endif
}

#ifdef TB_USE_KPROBE
/* tid -> the socket tcp_v4/v6_connect was given, for its return */
BPF_HASH(currsock, u32, u64, 10240);

int on_connect_entry(struct pt_regs *ctx, struct sock *sk)
{
	struct tcpconnect_event e = {};
	u32 tid = bpf_get_current_pid_tgid();
	u64 skaddr = (u64)sk;

	if (!task_wanted(&e))
		return 0;
	currsock.update(&tid, &skaddr);
	return 0;
}

static __always_inline int on_connect_return(struct pt_regs *ctx)
{
	struct tcpconnect_event e = {};
	u32 tid = bpf_get_current_pid_tgid();
	u64 *skp = currsock.lookup(&tid);
	struct sock *sk;
	u16 family, dport;

	if (!skp)
		return 0;
	sk = (struct sock *)*skp;
	currsock.delete(&tid);
	/* no SYN sent: the addresses may not be set */
	if (PT_REGS_RC(ctx) != 0)
		return 0;
	/* sk came from a map as a number: BCC's rewriter does not know it points into the
	 * kernel, so every read is explicit (4.14's verifier refused the plain dereference) */
	bpf_probe_read_kernel(&family, sizeof(family), &sk->__sk_common.skc_family);
	bpf_probe_read_kernel(&dport, sizeof(dport), &sk->__sk_common.skc_dport);
	dport = tb_ntohs(dport);
	if (!sock_wanted(family, dport))
		return 0;
	task_wanted(&e);
	e.ts_ns = bpf_ktime_get_ns();
	e.family = family;
	e.dport = dport;
	bpf_probe_read_kernel(&e.lport, sizeof(e.lport), &sk->__sk_common.skc_num);
	TB_SK_ADDRS(sk, family, e.saddr, e.daddr);
	report(ctx, &e);
	return 0;
}

int on_connect_v4_return(struct pt_regs *ctx)
{
	return on_connect_return(ctx);
}

int on_connect_v6_return(struct pt_regs *ctx)
{
	return on_connect_return(ctx);
}
#else
#ifdef WANT_LPORT
/* skaddr -> the connecting task, until the socket leaves SYN_SENT with its port chosen */
BPF_HASH(pending, u64, struct tcpconnect_start, 10240);
#endif

TRACEPOINT_PROBE(sock, inet_sock_set_state)
{
	struct tcpconnect_event e = {};
	u64 sk = (u64)args->skaddr;

	if (args->protocol != IPPROTO_TCP)
		return 0;
#ifdef WANT_LPORT
	if (args->oldstate == TCP_SYN_SENT) {
		/* (BCC's tracepoint struct exists inside this function only: not a helper) */
		struct tcpconnect_start *s = pending.lookup(&sk);

		if (!s)
			return 0;
		e.ts_ns = s->ts_ns;
		e.pid = s->pid;
		e.uid = s->uid;
		__builtin_memcpy(e.comm, s->comm, sizeof(e.comm));
		pending.delete(&sk);
		/* connect() failed before choosing a port (tcp_v4_connect's own failure path) */
		if (!args->sport)
			return 0;
		e.family = args->family;
		e.lport = args->sport;
		e.dport = args->dport;
		TB_TP_ADDRS(args, e.saddr, e.daddr);
		report(args, &e);
		return 0;
	}
#endif
	if (args->oldstate != TCP_CLOSE || args->newstate != TCP_SYN_SENT)
		return 0;
	if (!sock_wanted(args->family, args->dport) || !task_wanted(&e))
		return 0;
	e.ts_ns = bpf_ktime_get_ns();
#ifdef WANT_LPORT
	{
		struct tcpconnect_start s = {};

		s.ts_ns = e.ts_ns;
		s.pid = e.pid;
		s.uid = e.uid;
		__builtin_memcpy(s.comm, e.comm, sizeof(s.comm));
		pending.update(&sk, &s);
	}
#else
	e.family = args->family;
	e.dport = args->dport;
	TB_TP_ADDRS(args, e.saddr, e.daddr);
	report(args, &e);
#endif
	return 0;
}
#endif

#if defined(DNS_KPROBE) || defined(DNS_SYSCALLS)
/* -d: a receive on a UDP socket connected to port 53 (a resolver's, as BCC takes them) is
 * remembered per thread with the buffer it was given; at its return the bytes received go to
 * user space, which parses the reply. Whatever process receives it: no -p/-u filter. */
BPF_PERF_OUTPUT(dns_events);
BPF_HASH(dns_pending, u64, struct tcpconnect_dns_buf, TB_TCPCONNECT_DNS_PENDING);
BPF_PERCPU_ARRAY(dns_copy, struct tcpconnect_dns, 1); /* 528 bytes: off the stack */

static __always_inline bool dns_port(struct sock *sk)
{
	u16 dport = 0;

	bpf_probe_read_kernel(&dport, sizeof(dport), &sk->__sk_common.skc_dport);
	return tb_ntohs(dport) == 53;
}

static __always_inline void dns_remember(struct tcpconnect_dns_buf *b)
{
	u64 id = bpf_get_current_pid_tgid();

	/* a full table: the reply will not be seen */
	tb_count_lost(dns_pending.update(&id, b));
}

static __always_inline void dns_return(void *ctx, long ret)
{
	u64 id = bpf_get_current_pid_tgid();
	struct tcpconnect_dns_buf *bp = dns_pending.lookup(&id);
	struct tcpconnect_dns *d;
	u64 base, size;
	u32 zero = 0, len;

	if (!bp)
		return;
	base = bp->base;
	size = bp->size;
	dns_pending.delete(&id);
	if (ret <= 0 || !size)
		return;
	if ((u64)ret < size)
		size = ret;
	if (size > TB_TCPCONNECT_DNS_MAX)
		size = TB_TCPCONNECT_DNS_MAX;
	d = dns_copy.lookup(&zero);
	if (!d)
		return;
	/* 1 to TB_TCPCONNECT_DNS_MAX (a power of two), in a form every verifier bounds */
	len = (((u32)size - 1) & (TB_TCPCONNECT_DNS_MAX - 1)) + 1;
	d->ts_ns = bpf_ktime_get_ns();
	d->len = len;
	d->pad = 0;
	if (bpf_probe_read_user(d->pkt, len, (void *)base)) {
		tb_count_lost(-1);
		return;
	}
	tb_count_lost(dns_events.perf_submit(ctx, d, sizeof(*d)));
}

#ifdef DNS_KPROBE
int on_udp_recvmsg(struct pt_regs *ctx, struct sock *sk, struct msghdr *msg)
{
	struct tcpconnect_dns_buf b = {};

	if (!dns_port(sk) || tb_msg_user_buf(msg, &b.base, &b.size))
		return 0;
	dns_remember(&b);
	return 0;
}

int on_udp_recvmsg_return(struct pt_regs *ctx)
{
	dns_return(ctx, PT_REGS_RC(ctx));
	return 0;
}
#else
#ifndef IPPROTO_UDP
#define IPPROTO_UDP 17
#endif

/* A UDP socket connected to port 53 behind the calling task's fd */
static __always_inline bool dns_fd(int fd)
{
	struct sock *sk = tb_sock_of_fd(fd);

	return sk && TB_SK_PROTOCOL(sk) == IPPROTO_UDP && dns_port(sk);
}

TRACEPOINT_PROBE(syscalls, sys_enter_recvfrom)
{
	struct tcpconnect_dns_buf b = {};

	if (!dns_fd(args->fd))
		return 0;
	b.base = (u64)args->ubuf;
	b.size = args->size;
	dns_remember(&b);
	return 0;
}

TRACEPOINT_PROBE(syscalls, sys_exit_recvfrom)
{
	dns_return(args, args->ret);
	return 0;
}

/* struct user_msghdr (UAPI, the same on every kernel): msg_iov at 16; a struct iovec is
 * base and length, as struct tcpconnect_dns_buf */
TRACEPOINT_PROBE(syscalls, sys_enter_recvmsg)
{
	struct tcpconnect_dns_buf b = {};
	u64 iov = 0;

	if (!dns_fd(args->fd))
		return 0;
	bpf_probe_read_user(&iov, sizeof(iov), (u8 *)args->msg + 16);
	if (!iov || bpf_probe_read_user(&b, sizeof(b), (void *)iov))
		return 0;
	dns_remember(&b);
	return 0;
}

TRACEPOINT_PROBE(syscalls, sys_exit_recvmsg)
{
	dns_return(args, args->ret);
	return 0;
}
#endif
#endif
