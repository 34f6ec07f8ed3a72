/* solisten: TCP listen()s, as BCC's solisten: the socket's family, address, port (the one
 * the kernel chose for an unbound socket) and network namespace, and the backlog asked for.
 * Two ways to see it, chosen by the frontend with a -D flag:
 *   TB_USE_KPROBE   kprobe and kretprobe on inet_listen (BCC's kprobe, and its return)
 *   otherwise       the syscalls:sys_enter_listen/sys_exit_listen tracepoints, the socket
 *                   found from the fd in the task's file table; TCP sockets alone, as
 *                   inet_listen sees */
#include <uapi/linux/ptrace.h>
#include <net/sock.h>
#include <net/inet_sock.h>
#include <net/net_namespace.h>
#ifndef TB_USE_KPROBE
#define TB_WANT_FILE_OF_FD /* tb_sock_of_fd */
#endif
#include "tb_bpf.h"
#include "tb_bpf_net.h"
#include "solisten.h"

/* Options from the frontend, as -D flags: TARG_PID, TARG_NETNS. */

BPF_PERF_OUTPUT(events);
/* tid -> listen()'s socket (or fd) and backlog, for the return */
BPF_HASH(start, u32, struct solisten_start, 10240);

static __always_inline int enter(u64 sock, int backlog)
{
	u64 id = bpf_get_current_pid_tgid();
	u32 tid = (u32)id;
	struct solisten_start s = {};

#ifdef TARG_PID
	if ((id >> 32) != TARG_PID)
		return 0;
#endif
	s.sock = sock;
	s.backlog = backlog;
	start.update(&tid, &s);
	return 0;
}

static __always_inline int report(void *ctx, struct sock *sk, int backlog, int ret)
{
	struct solisten_event e = {};
	struct inet_sock *inet = (struct inet_sock *)sk;
	struct net *net = NULL;
	u16 family = 0, port = 0;

	if (!sk)
		return 0;
	bpf_probe_read_kernel(&family, sizeof(family), &sk->__sk_common.skc_family);
	if (family != AF_INET && family != AF_INET6)
		return 0;
#ifndef TB_USE_KPROBE
	/* inet_listen is TCP's listen; the tracepoints see every protocol's */
	if (TB_SK_PROTOCOL(sk) != IPPROTO_TCP)
		return 0;
#endif
#ifdef CONFIG_NET_NS
	bpf_probe_read_kernel(&net, sizeof(net), &sk->__sk_common.skc_net.net);
	if (net)
		bpf_probe_read_kernel(&e.netns, sizeof(e.netns), &net->ns.inum);
#endif
#ifdef TARG_NETNS
	if (e.netns != TARG_NETNS)
		return 0;
#endif
	bpf_probe_read_kernel(&port, sizeof(port), &inet->inet_sport);
	e.port = tb_ntohs(port);
	e.family = family;
	if (family == AF_INET)
		bpf_probe_read_kernel(e.addr, 4, &sk->__sk_common.skc_rcv_saddr);
	else
		bpf_probe_read_kernel(e.addr, 16,
				      sk->__sk_common.skc_v6_rcv_saddr.in6_u.u6_addr32);
	e.ts_ns = bpf_ktime_get_ns();
	e.pid = bpf_get_current_pid_tgid() >> 32;
	e.backlog = backlog;
	e.ret = ret;
	bpf_get_current_comm(&e.comm, sizeof(e.comm));
	tb_count_lost(events.perf_submit(ctx, &e, sizeof(e)));
	return 0;
}

#ifdef TB_USE_KPROBE
/* int inet_listen(struct socket *sock, int backlog) */
int on_listen_entry(struct pt_regs *ctx, struct socket *sock, int backlog)
{
	return enter((u64)sock, backlog);
}

int on_listen_return(struct pt_regs *ctx)
{
	u32 tid = (u32)bpf_get_current_pid_tgid();
	struct solisten_start *s = start.lookup(&tid);
	struct socket *sock;
	struct sock *sk = NULL;
	int backlog;

	if (!s)
		return 0;
	sock = (struct socket *)s->sock;
	backlog = s->backlog;
	start.delete(&tid);
	bpf_probe_read_kernel(&sk, sizeof(sk), &sock->sk);
	return report(ctx, sk, backlog, PT_REGS_RC(ctx));
}
#else
TRACEPOINT_PROBE(syscalls, sys_enter_listen)
{
	return enter((u32)args->fd, args->backlog);
}

TRACEPOINT_PROBE(syscalls, sys_exit_listen)
{
	u32 tid = (u32)bpf_get_current_pid_tgid();
	struct solisten_start *s = start.lookup(&tid);
	u32 fd;
	int backlog;

	if (!s)
		return 0;
	fd = s->sock;
	backlog = s->backlog;
	start.delete(&tid);
	return report(args, tb_sock_of_fd(fd), backlog, args->ret);
}
#endif
