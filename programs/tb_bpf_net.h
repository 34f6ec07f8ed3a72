/* BPF-side helpers shared by the TCP tools: byte order and port-list filters. Inlined into
 * each program's embedded source at build time. */
#ifndef TB_BPF_NET_H
#define TB_BPF_NET_H

/* The BTF-made header tree has no IPPROTO_* or TCP_* macros (TCP states are an enum there) */
#ifndef IPPROTO_TCP
#define IPPROTO_TCP 6
#endif
#ifndef AF_INET
#define AF_INET 2
#endif
#ifndef AF_INET6
#define AF_INET6 10
#endif

/* sk->__sk_common.skc_dport is in network order; tracepoint ports are already host order */
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define tb_ntohs(x) __builtin_bswap16(x)
#else
#define tb_ntohs(x) (x)
#endif

/* TB_PORT_IN(port, TARG_LPORTS): whether port is in the list given as -DTARG_LPORTS=80,443.
 * The list is a constant array, so clang unrolls the loop into compares. */
#define TB_PORT_IN(port, ...)                                                   \
	({                                                                      \
		const u16 tb_ports_[] = { __VA_ARGS__ };                        \
		int tb_found_ = 0;                                              \
		_Pragma("unroll")                                               \
		for (int tb_i_ = 0; tb_i_ < (int)(sizeof(tb_ports_) / sizeof(tb_ports_[0])); tb_i_++) \
			tb_found_ |= tb_ports_[tb_i_] == (port);                \
		tb_found_;                                                      \
	})

#endif
