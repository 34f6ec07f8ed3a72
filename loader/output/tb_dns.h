/* DNS replies as tcpconnect -d reads them: a reply's question name and its A/AAAA answers
 * (RFC 1035's wire format, compression pointers followed within the packet), and a bounded
 * cache of address -> name. Pure C: the packet is whatever a traced process received. */
#ifndef TB_DNS_H
#define TB_DNS_H

#include <stddef.h>
#include <stdint.h>

#define TB_DNS_NAME_MAX 256     /* a name's text with its NUL; longer (escaped) text is cut */
#define TB_DNS_CACHE_MAX 10240  /* BCC's DNS_CACHE_SIZE */
#define TB_DNS_CACHE_TTL_S 86400 /* BCC's DEFAULT_TTL: entries older are forgotten */

struct tb_dns_answer {
	int family;        /* AF_INET (an A record) or AF_INET6 (AAAA) */
	uint8_t addr[16];  /* network order; 4 bytes used for AF_INET */
};

/* The question's name of the reply pkt[0..len) as text ("www.example.com", labels joined by
 * dots; bytes other than letters, digits and punctuation as \DDD, a dot or backslash inside a
 * label escaped; the root as ".") into name, and up to max of its A/AAAA answers into ans.
 * Returns how many answers were kept, or -1 when pkt is not a reply with exactly one question
 * (as BCC takes them) or is malformed before its answers. An answer section cut short (the
 * copy is bounded) keeps the answers before the cut. Never reads outside pkt[0..len). */
int tb_dns_parse_reply(const uint8_t *pkt, size_t len, char *name, size_t name_len,
		       struct tb_dns_answer *ans, int max);

/* address -> the last name it answered, with the reply's time; at most max_entries (the least
 * recently used goes), entries older than ttl_ns forgotten. */
struct tb_dns_cache;
struct tb_dns_cache *tb_dns_cache_new(unsigned int max_entries, uint64_t ttl_ns);
void tb_dns_cache_free(struct tb_dns_cache *c);
void tb_dns_cache_put(struct tb_dns_cache *c, int family, const uint8_t *addr, const char *name,
		      uint64_t ts_ns);
/* The name, or NULL (none, or older than the TTL at now_ns); *ts_ns its reply's time. */
const char *tb_dns_cache_get(struct tb_dns_cache *c, int family, const uint8_t *addr,
			     uint64_t now_ns, uint64_t *ts_ns);
unsigned int tb_dns_cache_count(const struct tb_dns_cache *c);

#endif
