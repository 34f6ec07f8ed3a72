/* bindsnoop: IPv4 and IPv6 bind()s, as BCC's bindsnoop: the socket's bound address and port,
 * protocol, options and interface, read from the socket once bind returns. Two ways to see
 * it, chosen by the frontend with a -D flag:
 *   TB_USE_KPROBE   kprobe and kretprobe on inet_bind/inet6_bind (BCC's way): every bind of
 *                   an inet socket, in-kernel callers too
 *   otherwise       the syscalls:sys_enter_bind/sys_exit_bind tracepoints: bind() calls from
 *                   user space, the socket found from the fd in the task's file table */
#include <uapi/linux/ptrace.h>
#include <net/sock.h>
#include <net/inet_sock.h>
#ifndef TB_USE_KPROBE
#define TB_WANT_FILE_OF_FD /* tb_sock_of_fd */
#endif
#include "tb_bpf.h"
#include "tb_bpf_container.h"
#include "tb_bpf_net.h"
#include "bindsnoop.h"

/* Options from the frontend, as -D flags: TARG_PID, TARG_UID, TARG_PORTS=80,443, ERRORS (-E:
 * failed binds too), DO_COUNT (--count: count instead of events). */

BPF_PERF_OUTPUT(events);
#ifdef DO_COUNT
BPF_HASH(counts, struct bindsnoop_key, u64, TB_BINDSNOOP_MAX_ADDRS);
#endif
/* tid -> what the entry saw for the return: the struct socket * (kprobe) or the fd */
BPF_HASH(start, u32, u64, 10240);

static __always_inline int enter(u64 what)
{
	u64 id = bpf_get_current_pid_tgid();
	u32 tid = (u32)id;

#ifdef TARG_PID
	if ((id >> 32) != TARG_PID)
		return 0;
#endif
#ifdef TARG_UID
	if ((u32)bpf_get_current_uid_gid() != TARG_UID)
		return 0;
#endif
	if (tb_container_skip())
		return 0;
	start.update(&tid, &what);
	return 0;
}

/* The bound socket, after bind returned ret */
static __always_inline int report(void *ctx, struct sock *sk, int ret)
{
	struct bindsnoop_event e = {};
	struct inet_sock *inet = (struct inet_sock *)sk;
	u16 family = 0, port = 0;
	int dev = 0;

	if (!sk)
		return 0;
#ifndef ERRORS
	if (ret != 0)
		return 0;
#endif
	/* the tracepoints see every family's bind: unix, netlink, packet... */
	bpf_probe_read_kernel(&family, sizeof(family), &sk->__sk_common.skc_family);
	if (family != AF_INET && family != AF_INET6)
		return 0;
	bpf_probe_read_kernel(&port, sizeof(port), &inet->inet_sport);
	port = tb_ntohs(port);
#ifdef TARG_PORTS
	if (!TB_PORT_IN(port, TARG_PORTS))
		return 0;
#endif
	if (family == AF_INET)
		bpf_probe_read_kernel(e.addr, 4, &sk->__sk_common.skc_rcv_saddr);
	else
		bpf_probe_read_kernel(e.addr, 16,
				      sk->__sk_common.skc_v6_rcv_saddr.in6_u.u6_addr32);
	e.port = port;
	e.family = family;
#ifdef DO_COUNT
	{
		struct bindsnoop_key k = {};

		__builtin_memcpy(k.addr, e.addr, sizeof(k.addr));
		k.port = port;
		k.family = family;
		counts.atomic_increment(k);
	}
#else
	e.ts_ns = bpf_ktime_get_ns();
	e.pid = bpf_get_current_pid_tgid() >> 32;
	e.uid = (u32)bpf_get_current_uid_gid();
	e.ret = ret;
	bpf_probe_read_kernel(&dev, sizeof(dev), &sk->__sk_common.skc_bound_dev_if);
	e.bound_dev_if = dev;
	e.protocol = TB_SK_PROTOCOL(sk);
	e.opts = TB_INET_OPTS(inet) | (TB_SK_REUSE(sk) << 3);
	bpf_get_current_comm(&e.comm, sizeof(e.comm));
	tb_count_lost(events.perf_submit(ctx, &e, sizeof(e)));
#endif
	return 0;
}

#ifdef TB_USE_KPROBE
/* int inet_bind(struct socket *sock, struct sockaddr *uaddr, int addr_len), and inet6_bind */
int on_bind_entry(struct pt_regs *ctx, struct socket *sock)
{
	return enter((u64)sock);
}

int on_bind_return(struct pt_regs *ctx)
{
	u32 tid = (u32)bpf_get_current_pid_tgid();
	u64 *sockp = start.lookup(&tid);
	struct socket *sock;
	struct sock *sk = NULL;

	if (!sockp)
		return 0;
	sock = (struct socket *)*sockp;
	start.delete(&tid);
	bpf_probe_read_kernel(&sk, sizeof(sk), &sock->sk);
	return report(ctx, sk, PT_REGS_RC(ctx));
}
#else
TRACEPOINT_PROBE(syscalls, sys_enter_bind)
{
	return enter((u32)args->fd);
}

TRACEPOINT_PROBE(syscalls, sys_exit_bind)
{
	u32 tid = (u32)bpf_get_current_pid_tgid();
	u64 *fdp = start.lookup(&tid);
	u32 fd;

	if (!fdp)
		return 0;
	fd = *fdp;
	start.delete(&tid);
	/* bind() never closes its fd: the same file as at entry unless another thread
	 * replaced it meanwhile, which tb_sock_of_fd's checks make harmless */
	return report(args, tb_sock_of_fd(fd), args->ret);
}
#endif
