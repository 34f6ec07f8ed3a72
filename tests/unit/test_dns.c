/* Unit tests of the DNS reply parser and address cache (loader/output/dns.c, tcpconnect -d):
 * well-formed replies (compression, CNAME skipped, A and AAAA), every truncation of one,
 * pointer loops, escaped labels, what BCC does not take; the cache's LRU bound and TTL. */
#include <arpa/inet.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "check.h"
#include "tb_dns.h"

/* www.example.com: a CNAME to web.example.com (compressed), its A 93.184.216.34 and an AAAA
 * 2001:db8::1 */
static const uint8_t reply[] = {
	0x12, 0x34, 0x81, 0x80, 0, 1, 0, 3, 0, 0, 0, 0,
	3, 'w', 'w', 'w', 7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 3, 'c', 'o', 'm', 0, 0, 1, 0, 1,
	/* CNAME: web + pointer to "example.com" at 16 */
	0xc0, 0x0c, 0, 5, 0, 1, 0, 0, 0, 60, 0, 6, 3, 'w', 'e', 'b', 0xc0, 0x10,
	/* A, its name a pointer to the CNAME's target at 45 */
	0xc0, 45, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 93, 184, 216, 34,
	0xc0, 45, 0, 28, 0, 1, 0, 0, 0, 60, 0, 16,
	0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1,
};

static void test_parse(void)
{
	struct tb_dns_answer ans[4];
	char name[TB_DNS_NAME_MAX];
	uint8_t a4[4], a6[16], buf[sizeof(reply)];
	int n;

	inet_pton(AF_INET, "93.184.216.34", a4);
	inet_pton(AF_INET6, "2001:db8::1", a6);
	CHECK_INT(tb_dns_parse_reply(reply, sizeof(reply), name, sizeof(name), ans, 4), 2);
	CHECK_STR(name, "www.example.com");
	CHECK_INT(ans[0].family, AF_INET);
	CHECK(!memcmp(ans[0].addr, a4, 4));
	CHECK_INT(ans[1].family, AF_INET6);
	CHECK(!memcmp(ans[1].addr, a6, 16));
	/* max answers kept */
	CHECK_INT(tb_dns_parse_reply(reply, sizeof(reply), name, sizeof(name), ans, 1), 1);
	/* every truncation: the header and question whole, then the answers before the cut */
	for (size_t len = 0; len < sizeof(reply); len++) {
		uint8_t *cut = malloc(len ? len : 1); /* exact size: ASan would see a read beyond */

		memcpy(cut, reply, len);
		n = tb_dns_parse_reply(cut, len, name, sizeof(name), ans, 4);
		CHECK(len < 33 ? n == -1 : len < 67 ? n == 0 : n == 1);
		free(cut);
	}
	/* a query (QR clear), two questions, a reply with no answers: BCC takes none */
	memcpy(buf, reply, sizeof(reply));
	buf[2] = 0x01;
	CHECK_INT(tb_dns_parse_reply(buf, sizeof(buf), name, sizeof(name), ans, 4), -1);
	memcpy(buf, reply, sizeof(reply));
	buf[5] = 2;
	CHECK_INT(tb_dns_parse_reply(buf, sizeof(buf), name, sizeof(name), ans, 4), -1);
	memcpy(buf, reply, sizeof(reply));
	buf[7] = 0;
	CHECK_INT(tb_dns_parse_reply(buf, sizeof(buf), name, sizeof(name), ans, 4), 0);
	/* an A record whose length is not 4 is skipped; a length past the end stops */
	memcpy(buf, reply, sizeof(reply));
	buf[62] = 3; /* the A's rdlength, low byte */
	n = tb_dns_parse_reply(buf, sizeof(buf), name, sizeof(name), ans, 4);
	CHECK(n == 0 || n == 1);
	memcpy(buf, reply, sizeof(reply));
	buf[61] = 0xff;
	CHECK_INT(tb_dns_parse_reply(buf, sizeof(buf), name, sizeof(name), ans, 4), 0);
	/* a name too small for the text is cut, still terminated */
	CHECK_INT(tb_dns_parse_reply(reply, sizeof(reply), name, 6, ans, 4), 2);
	CHECK_STR(name, "www.e");
	CHECK_INT(tb_dns_parse_reply(reply, sizeof(reply), name, 1, ans, 4), -1);
	CHECK_INT(tb_dns_parse_reply(NULL, 0, name, sizeof(name), ans, 4), -1);
}

static void test_names(void)
{
	struct tb_dns_answer ans[2];
	char name[TB_DNS_NAME_MAX];
	/* the root; a pointer to itself; pointers that chase each other; a forward pointer out
	 * of bounds; a reserved label kind */
	static const uint8_t root[] = { 0, 0, 0x80, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 1 };
	static const uint8_t self[] = { 0, 0, 0x80, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0xc0, 12, 0, 1, 0, 1 };
	static const uint8_t chase[] = { 0, 0, 0x80, 0, 0, 1, 0, 0, 0, 0, 0, 0,
					 1, 'a', 0xc0, 16, 1, 'b', 0xc0, 12, 0, 1, 0, 1 };
	static const uint8_t far[] = { 0, 0, 0x80, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0, 1, 0, 1 };
	static const uint8_t ext[] = { 0, 0, 0x80, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0x41, 0, 0, 1, 0, 1 };
	/* "a.b" (a dot inside a label), a backslash, a space and 0xff */
	static const uint8_t odd[] = { 0, 0, 0x80, 0, 0, 1, 0, 0, 0, 0, 0, 0,
				       6, 'a', '.', 'b', '\\', ' ', 0xff, 0, 0, 1, 0, 1 };
	uint8_t big[12 + 300 + 5] = { 0, 0, 0x80, 0, 0, 1 };

	CHECK_INT(tb_dns_parse_reply(root, sizeof(root), name, sizeof(name), ans, 2), 0);
	CHECK_STR(name, ".");
	CHECK_INT(tb_dns_parse_reply(self, sizeof(self), name, sizeof(name), ans, 2), -1);
	CHECK_INT(tb_dns_parse_reply(chase, sizeof(chase), name, sizeof(name), ans, 2), -1);
	CHECK_INT(tb_dns_parse_reply(far, sizeof(far), name, sizeof(name), ans, 2), -1);
	CHECK_INT(tb_dns_parse_reply(ext, sizeof(ext), name, sizeof(name), ans, 2), -1);
	CHECK_INT(tb_dns_parse_reply(odd, sizeof(odd), name, sizeof(name), ans, 2), 0);
	CHECK_STR(name, "a\\.b\\\\\\032\\255");
	/* five labels of 60 bytes: over 255 on the wire */
	for (int i = 0; i < 5; i++) {
		big[12 + i * 61] = 60;
		memset(big + 13 + i * 61, 'x', 60);
	}
	CHECK_INT(tb_dns_parse_reply(big, sizeof(big), name, sizeof(name), ans, 2), -1);
}

static void test_cache(void)
{
	struct tb_dns_cache *c = tb_dns_cache_new(3, 1000);
	uint8_t a[16] = { 10, 0, 0, 1 }, b[16] = { 10, 0, 0, 2 }, d[16] = { 10, 0, 0, 3 };
	uint8_t e[16] = { 10, 0, 0, 4 }, a6[16] = { 10, 0, 0, 1, 9 };
	uint64_t ts = 0;

	CHECK(c != NULL);
	CHECK(tb_dns_cache_get(c, AF_INET, a, 0, &ts) == NULL);
	tb_dns_cache_put(c, AF_INET, a, "a.example", 100);
	tb_dns_cache_put(c, AF_INET, b, "b.example", 200);
	tb_dns_cache_put(c, AF_INET, d, "d.example", 300);
	CHECK_STR(tb_dns_cache_get(c, AF_INET, a, 400, &ts), "a.example"); /* a: most recent */
	CHECK_INT(ts, 100);
	/* only 4 bytes of an IPv4 address count; IPv6 is another key */
	CHECK(tb_dns_cache_get(c, AF_INET6, a6, 400, &ts) == NULL);
	CHECK_STR(tb_dns_cache_get(c, AF_INET, a6, 400, &ts), "a.example");
	tb_dns_cache_put(c, AF_INET, e, "e.example", 500); /* full: b, least recently used, goes */
	CHECK_INT(tb_dns_cache_count(c), 3);
	CHECK(tb_dns_cache_get(c, AF_INET, b, 500, &ts) == NULL);
	CHECK_STR(tb_dns_cache_get(c, AF_INET, d, 500, &ts), "d.example");
	/* a new reply for an address replaces its name and time */
	tb_dns_cache_put(c, AF_INET, d, "d2.example", 600);
	CHECK_STR(tb_dns_cache_get(c, AF_INET, d, 600, &ts), "d2.example");
	CHECK_INT(ts, 600);
	CHECK_INT(tb_dns_cache_count(c), 3);
	/* older than the TTL (1000 ns here): forgotten */
	CHECK(tb_dns_cache_get(c, AF_INET, e, 1501, &ts) == NULL);
	CHECK_STR(tb_dns_cache_get(c, AF_INET, e, 1500, &ts), "e.example");
	/* many more than fit: the bound holds, the last ones are there */
	for (unsigned int i = 0; i < 1000; i++) {
		uint8_t k[16] = { 0 };

		memcpy(k, &i, sizeof(i));
		tb_dns_cache_put(c, AF_INET6, k, "many", 700);
	}
	CHECK_INT(tb_dns_cache_count(c), 3);
	tb_dns_cache_free(c);
	c = tb_dns_cache_new(TB_DNS_CACHE_MAX, 1);
	CHECK(c != NULL);
	tb_dns_cache_free(c);
	tb_dns_cache_free(NULL);
}

int main(void)
{
	test_parse();
	test_names();
	test_cache();
	return check_result("test_dns");
}
