/* Pieces the network tools share: address and TCP state text, address and port parsing. */
#ifndef TB_NET_H
#define TB_NET_H

#include <stddef.h>
#include <stdint.h>

#include "tb_options.h"

/* Longest text of an address: INET6_ADDRSTRLEN. */
#define TB_ADDR_STRLEN 46
/* Ports a -L/-D list may hold. */
#define TB_MAX_PORTS 16

/* An address in the kernel's byte order (4 bytes for AF_INET, 16 for AF_INET6) as text:
 * "127.0.0.1", "::1". Unknown families give "?". Returns out. */
const char *tb_addr_str(int family, const void *addr, char *out, size_t len);

/* An IPv4 or IPv6 address, or a prefix of one, as given on a command line. */
struct tb_addr_prefix {
	int family;         /* AF_INET or AF_INET6 */
	uint8_t bytes[16];  /* network order; 4 used for AF_INET; bits past prefix_len zeroed */
	int prefix_len;     /* 0-32 or 0-128; the full length when no /PREFIX was given */
};

/* "10.0.0.1", "::1": an address alone. 0, or -1 after "invalid <what> '<s>': ...". */
int tb_parse_addr(const char *s, const char *what, struct tb_addr_prefix *out);
/* "10.0.0.0/8", "fd00::/8", "127.0.0.1" (a whole address): the same, with an optional prefix
 * length; host bits after the prefix are cleared, as routes and firewalls read them. */
int tb_parse_addr_prefix(const char *s, const char *what, struct tb_addr_prefix *out);

/* "ESTABLISHED" for 1... as BCC prints them (include/net/tcp_states.h names without the TCP_
 * prefix); an unknown state is written as its number into buf (at least 12 bytes). */
const char *tb_tcp_state_name(int state, char *buf, size_t len);

/* "10.0.0.1:22", "::1:22": an address and a port as BCC's TCP tools join them ("%s:%d", no
 * brackets around IPv6). Returns out (at least TB_ADDR_STRLEN + 6 bytes). */
const char *tb_endpoint_str(int family, const void *addr, unsigned int port, char *out, size_t len);

/* A TCP header's flags byte as BCC's tcp.flags2str writes it: "SYN|ACK", "" for none; buf of
 * at least 32 bytes. Returns buf. */
const char *tb_tcp_flags_str(unsigned int flags, char *buf, size_t len);

/* Parses a comma-separated port list ("80,443") into ports[]; each port 1-65535, at most max.
 * Returns the count, or -1 after "invalid <what> '<s>': ..." on stderr. */
int tb_parse_ports(const char *s, const char *what, uint16_t *ports, int max);

/* -4 or -6 (key '4'/'6') into *family (AF_INET/AF_INET6; 0 = both): 0, or -1 after "-4 and
 * -6 exclude each other" when the other was given already. */
int tb_parse_family_flag(int key, int *family);

/* Adds -D<macro>=80,443 for the BPF side's TB_PORT_IN(port, <macro>) test. */
int tb_cflags_add_ports(struct tb_cflags *cf, const char *macro, const uint16_t *ports, int n);

/* Adds -D<macro>=10,0,0,1 (the address's 4 or 16 bytes, network order) and
 * -D<macro>_FAMILY=<AF_INET or AF_INET6>, for the BPF side's address test. */
int tb_cflags_add_addr(struct tb_cflags *cf, const char *macro, const struct tb_addr_prefix *a);

#endif
