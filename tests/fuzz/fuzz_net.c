/* libFuzzer target: the network tools' parsers (loader/output/net.c): port lists (-L/-D/-P) and
 * addresses with or without /PREFIX (-a), each checked by printing it and parsing it back.
 * Input: a selector byte, then the option's text. */
#include <arpa/inet.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tb_net.h"
#include "tb_options.h"

static void ports(const char *s, int max)
{
	uint16_t list[TB_MAX_PORTS];
	struct tb_cflags cf = { 0 };
	int n = tb_parse_ports(s, "ports", list, max);

	if (n == -1)
		return;
	if (n < 1 || n > max)
		abort();
	for (int i = 0; i < n; i++)
		if (!list[i])
			abort();
	if (tb_cflags_add_ports(&cf, "PORTS", list, n) || cf.n != 1)
		abort();
	tb_cflags_free(&cf);
}

static void addr(const char *s, bool prefix)
{
	struct tb_addr_prefix a, b;
	char text[TB_ADDR_STRLEN + 8];
	int len;

	if ((prefix ? tb_parse_addr_prefix(s, "address", &a) : tb_parse_addr(s, "address", &a)))
		return;
	if ((a.family != AF_INET && a.family != AF_INET6) ||
	    a.prefix_len < 0 || a.prefix_len > (a.family == AF_INET ? 32 : 128))
		abort();
	/* what it printed parses back to the same address and prefix */
	tb_addr_str(a.family, a.bytes, text, sizeof(text));
	len = (int)strlen(text);
	snprintf(text + len, sizeof(text) - len, "/%d", a.prefix_len);
	if (tb_parse_addr_prefix(text, "address", &b) || b.family != a.family ||
	    b.prefix_len != a.prefix_len || memcmp(a.bytes, b.bytes, sizeof(a.bytes)))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *in, size_t len)
{
	char *s, buf[32];

	if (len < 1)
		return 0;
	s = strndup((const char *)in + 1, len - 1);
	switch (in[0] % 4) {
	case 0: ports(s, TB_MAX_PORTS); break;
	case 1: ports(s, 1 + in[0] / 4 % TB_MAX_PORTS); break;
	case 2: addr(s, false); break;
	case 3: addr(s, true); break;
	}
	tb_tcp_state_name(len > 4 ? (int8_t)in[1] : 0, buf, sizeof(buf));
	free(s);
	return 0;
}
