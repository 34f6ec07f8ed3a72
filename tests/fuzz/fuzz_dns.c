/* libFuzzer target: the DNS reply parser and address cache of tcpconnect -d (loader/output/
 * dns.c). The input is a packet as a traced process received it; the parser must never read
 * outside it (ASan), its name must be terminated within its buffer, and every answer it keeps
 * goes through a small cache whose bound must hold. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "tb_dns.h"

int LLVMFuzzerTestOneInput(const uint8_t *in, size_t len)
{
	static struct tb_dns_cache *cache;
	struct tb_dns_answer ans[8];
	char name[TB_DNS_NAME_MAX];
	/* a copy of exactly len bytes: a read one beyond is ASan's to see */
	uint8_t *pkt = malloc(len ? len : 1);
	size_t cut = len ? in[0] % 8 + 2 : 2; /* a small name buffer too, to cut text */
	int n;

	if (!cache && !(cache = tb_dns_cache_new(16, 1000)))
		abort();
	memcpy(pkt, in, len);
	n = tb_dns_parse_reply(pkt, len, name, sizeof(name), ans, 8);
	if (n < -1 || n > 8 || strnlen(name, sizeof(name)) >= sizeof(name))
		abort();
	for (int i = 0; i < n; i++) {
		uint64_t ts;

		if (ans[i].family != AF_INET && ans[i].family != AF_INET6)
			abort();
		tb_dns_cache_put(cache, ans[i].family, ans[i].addr, name, (uint64_t)len);
		if (!tb_dns_cache_get(cache, ans[i].family, ans[i].addr, (uint64_t)len, &ts))
			abort();
	}
	if (tb_dns_cache_count(cache) > 16)
		abort();
	if (tb_dns_parse_reply(pkt, len, name, cut, ans, 8) >= 0 && strnlen(name, cut) >= cut)
		abort();
	free(pkt);
	return 0;
}
