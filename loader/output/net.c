/* Address, prefix and port parsing, address and TCP state text, for the network tools. */
#include <arpa/inet.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "tb_log.h"
#include "tb_net.h"

const char *tb_addr_str(int family, const void *addr, char *out, size_t len)
{
	if ((family != AF_INET && family != AF_INET6) || !inet_ntop(family, addr, out, len))
		snprintf(out, len, "?");
	return out;
}

/* include/net/tcp_states.h: the values are kernel ABI (the tracepoint prints them too) */
static const char *const tcp_states[] = {
	[1] = "ESTABLISHED", [2] = "SYN_SENT", [3] = "SYN_RECV", [4] = "FIN_WAIT1",
	[5] = "FIN_WAIT2", [6] = "TIME_WAIT", [7] = "CLOSE", [8] = "CLOSE_WAIT",
	[9] = "LAST_ACK", [10] = "LISTEN", [11] = "CLOSING", [12] = "NEW_SYN_RECV",
};

const char *tb_tcp_state_name(int state, char *buf, size_t len)
{
	if (state > 0 && state < (int)(sizeof(tcp_states) / sizeof(tcp_states[0])))
		return tcp_states[state];
	snprintf(buf, len, "%d", state);
	return buf;
}

const char *tb_endpoint_str(int family, const void *addr, unsigned int port, char *out, size_t len)
{
	char a[TB_ADDR_STRLEN];

	snprintf(out, len, "%s:%u", tb_addr_str(family, addr, a, sizeof(a)), port);
	return out;
}

const char *tb_tcp_flags_str(unsigned int flags, char *buf, size_t len)
{
	/* the header's bit order, FIN first, as BCC's tcp.flags2str */
	static const char *const names[] = { "FIN", "SYN", "RST", "PSH", "ACK", "URG", "ECE", "CWR" };
	size_t n = 0;

	buf[0] = 0;
	for (int i = 0; i < 8; i++)
		if (flags & (1u << i))
			n += (size_t)snprintf(buf + n, n < len ? len - n : 0, "%s%s", n ? "|" : "", names[i]);
	return buf;
}

int tb_parse_ports(const char *s, const char *what, uint16_t *ports, int max)
{
	const char *p = s;
	int n = 0;

	for (;;) {
		char *end;
		long v;

		errno = 0;
		v = strtol(p, &end, 10);
		if (end == p || *p == '-' || *p == '+' || *p == ' ' || errno || v < 1 || v > 65535 ||
		    (*end && *end != ',')) {
			tb_error("invalid %s '%s': expected comma-separated ports from 1 to 65535",
				 what, s);
			return -1;
		}
		if (n == max) {
			tb_error("invalid %s '%s': at most %d ports", what, s, max);
			return -1;
		}
		ports[n++] = (uint16_t)v;
		if (!*end)
			return n;
		p = end + 1;
	}
}

static int parse_addr(const char *s, const char *what, bool prefix_ok, struct tb_addr_prefix *out)
{
	char text[TB_ADDR_STRLEN + 5];
	const char *slash = prefix_ok ? strchr(s, '/') : NULL;
	size_t len = slash ? (size_t)(slash - s) : strlen(s);
	const char *expected = prefix_ok ? "an IPv4 or IPv6 address, optionally /PREFIX-LENGTH"
					 : "an IPv4 or IPv6 address";

	memset(out, 0, sizeof(*out));
	if (len >= sizeof(text))
		goto bad;
	memcpy(text, s, len);
	text[len] = 0;
	if (inet_pton(AF_INET, text, out->bytes) == 1)
		out->family = AF_INET;
	else if (inet_pton(AF_INET6, text, out->bytes) == 1)
		out->family = AF_INET6;
	else
		goto bad;
	out->prefix_len = out->family == AF_INET ? 32 : 128;
	if (slash) {
		int max = out->prefix_len;
		char *end;
		long v;

		errno = 0;
		v = strtol(slash + 1, &end, 10);
		if (end == slash + 1 || *end || errno || v < 0 || v > max || slash[1] == '-' ||
		    slash[1] == '+' || slash[1] == ' ') {
			tb_error("invalid %s '%s': the prefix length must be 0-%d for an %s address",
				 what, s, max, out->family == AF_INET ? "IPv4" : "IPv6");
			return -1;
		}
		out->prefix_len = (int)v;
		/* clear the host bits, so 10.1.2.3/8 means 10.0.0.0/8 */
		for (int bit = out->prefix_len; bit < max; bit++)
			out->bytes[bit / 8] &= (uint8_t)~(0x80u >> (bit % 8));
	}
	return 0;
bad:
	tb_error("invalid %s '%s': expected %s", what, s, expected);
	return -1;
}

int tb_parse_addr(const char *s, const char *what, struct tb_addr_prefix *out)
{
	return parse_addr(s, what, false, out);
}

int tb_parse_addr_prefix(const char *s, const char *what, struct tb_addr_prefix *out)
{
	return parse_addr(s, what, true, out);
}

int tb_parse_family_flag(int key, int *family)
{
	int want = key == '4' ? AF_INET : AF_INET6;

	if (*family && *family != want) {
		tb_error("invalid options: -4 and -6 exclude each other");
		return -1;
	}
	*family = want;
	return 0;
}

int tb_cflags_add_ports(struct tb_cflags *cf, const char *macro, const uint16_t *ports, int n)
{
	char list[TB_MAX_PORTS * 6 + 1] = "";
	size_t used = 0;

	if (n < 1 || n > TB_MAX_PORTS)
		return -1;
	for (int i = 0; i < n; i++)
		used += snprintf(list + used, sizeof(list) - used, "%s%u", i ? "," : "", ports[i]);
	return tb_cflags_add(cf, "-D%s=%s", macro, list);
}

int tb_cflags_add_addr(struct tb_cflags *cf, const char *macro, const struct tb_addr_prefix *a)
{
	char list[16 * 4 + 1] = ""; /* "255," sixteen times */
	int n = a->family == AF_INET ? 4 : 16;
	size_t used = 0;

	for (int i = 0; i < n; i++)
		used += snprintf(list + used, sizeof(list) - used, "%s%u", i ? "," : "",
				 a->bytes[i]);
	return tb_cflags_add(cf, "-D%s=%s", macro, list) ||
	       tb_cflags_add(cf, "-D%s_FAMILY=%d", macro, a->family);
}
