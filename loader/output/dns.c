/* DNS replies parsed for tcpconnect -d, and its bounded address -> name cache (tb_dns.h). */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "tb_dns.h"

#define DNS_HEADER 12
#define NAME_WIRE_MAX 255 /* RFC 1035: a name's labels and their length bytes */
#define MAX_JUMPS 64      /* compression pointers followed in one name: ends pointer loops */

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

/* Appends one label's bytes as text, escaped as dig prints them; stops writing (the text is
 * cut) where name runs out, never beyond it. */
static void put_label(char *name, size_t name_len, size_t *o, const uint8_t *l, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char buf[5];
		uint8_t c = l[i];
		size_t k;

		if (c == '.' || c == '\\')
			k = (size_t)snprintf(buf, sizeof(buf), "\\%c", c);
		else if (c < 0x21 || c > 0x7e)
			k = (size_t)snprintf(buf, sizeof(buf), "\\%03u", c);
		else
			buf[0] = (char)c, k = 1;
		if (*o + k >= name_len)
			return;
		memcpy(name + *o, buf, k);
		*o += k;
	}
}

/* The name at off: its text into name (may be NULL), and where the record continues after
 * it into *next. 0, or -1 when it runs past len, is longer than 255 bytes, uses the reserved
 * label kinds or loops. */
static int read_name(const uint8_t *pkt, size_t len, size_t off, char *name, size_t name_len,
		     size_t *next)
{
	size_t pos = off, o = 0, wire = 1;
	int jumps = 0;
	bool jumped = false;

	for (;;) {
		uint8_t l;

		if (pos >= len)
			return -1;
		l = pkt[pos];
		if ((l & 0xc0) == 0xc0) {
			if (pos + 1 >= len || ++jumps > MAX_JUMPS)
				return -1;
			if (!jumped)
				*next = pos + 2;
			jumped = true;
			pos = (size_t)(l & 0x3f) << 8 | pkt[pos + 1];
			continue;
		}
		if (l & 0xc0) /* 0x40 and 0x80: extended label kinds, obsolete */
			return -1;
		if (!l)
			break;
		wire += 1u + l;
		if (wire > NAME_WIRE_MAX || pos + 1 + l > len)
			return -1;
		if (name) {
			if (o && o + 1 < name_len)
				name[o++] = '.';
			put_label(name, name_len, &o, pkt + pos + 1, l);
		}
		pos += 1u + l;
	}
	if (!jumped)
		*next = pos + 1;
	if (name && name_len) {
		if (!o && name_len > 1)
			name[o++] = '.'; /* the root */
		name[o] = 0;
	}
	return 0;
}

int tb_dns_parse_reply(const uint8_t *pkt, size_t len, char *name, size_t name_len,
		       struct tb_dns_answer *ans, int max)
{
	size_t pos;
	unsigned int ancount;
	int n = 0;

	if (name_len)
		name[0] = 0;
	if (!pkt || len < DNS_HEADER || !name || name_len < 2)
		return -1;
	/* a response (QR), with one question: what BCC takes */
	if (!(pkt[2] & 0x80) || get16(pkt + 4) != 1)
		return -1;
	ancount = get16(pkt + 6);
	if (read_name(pkt, len, DNS_HEADER, name, name_len, &pos) || pos + 4 > len)
		return -1;
	pos += 4; /* QTYPE, QCLASS */
	for (unsigned int i = 0; i < ancount && n < max; i++) {
		uint16_t type, rdlen;

		if (read_name(pkt, len, pos, NULL, 0, &pos) || pos + 10 > len)
			break;
		type = get16(pkt + pos);
		rdlen = get16(pkt + pos + 8);
		pos += 10;
		if (rdlen > len - pos)
			break;
		if ((type == 1 && rdlen == 4) || (type == 28 && rdlen == 16)) {
			ans[n].family = type == 1 ? AF_INET : AF_INET6;
			memset(ans[n].addr, 0, sizeof(ans[n].addr));
			memcpy(ans[n].addr, pkt + pos, rdlen);
			n++;
		}
		pos += rdlen;
	}
	return n;
}

/* --- the cache: a hash of entries in one array, chained by index, and a least-recently-used
 * list through the same entries; no allocation after tb_dns_cache_new. */

struct entry {
	uint8_t addr[16];
	int family;
	uint64_t ts_ns;
	int32_t hnext;        /* next in its bucket, -1 none */
	int32_t prev, next;   /* the LRU list: head most recent */
	char name[TB_DNS_NAME_MAX];
};

struct tb_dns_cache {
	unsigned int max, n, nbuckets;
	uint64_t ttl_ns;
	int32_t head, tail;
	int32_t *buckets;
	struct entry *e;
};

struct tb_dns_cache *tb_dns_cache_new(unsigned int max_entries, uint64_t ttl_ns)
{
	struct tb_dns_cache *c = calloc(1, sizeof(*c));

	if (!c || !max_entries)
		goto fail;
	c->max = max_entries;
	c->ttl_ns = ttl_ns;
	for (c->nbuckets = 16; c->nbuckets < max_entries; c->nbuckets *= 2)
		;
	c->buckets = malloc(c->nbuckets * sizeof(*c->buckets));
	c->e = calloc(max_entries, sizeof(*c->e));
	if (!c->buckets || !c->e)
		goto fail;
	memset(c->buckets, 0xff, c->nbuckets * sizeof(*c->buckets));
	c->head = c->tail = -1;
	return c;
fail:
	tb_dns_cache_free(c);
	return NULL;
}

void tb_dns_cache_free(struct tb_dns_cache *c)
{
	if (!c)
		return;
	free(c->buckets);
	free(c->e);
	free(c);
}

static unsigned int bucket(const struct tb_dns_cache *c, int family, const uint8_t *addr)
{
	uint64_t h = 0xcbf29ce484222325ULL ^ (unsigned int)family;

	for (int i = 0; i < 16; i++)
		h = (h ^ addr[i]) * 0x100000001b3ULL;
	return (unsigned int)(h ^ h >> 32) & (c->nbuckets - 1);
}

static int32_t find(const struct tb_dns_cache *c, int family, const uint8_t *addr)
{
	for (int32_t i = c->buckets[bucket(c, family, addr)]; i >= 0; i = c->e[i].hnext)
		if (c->e[i].family == family && !memcmp(c->e[i].addr, addr, 16))
			return i;
	return -1;
}

static void lru_unlink(struct tb_dns_cache *c, int32_t i)
{
	struct entry *e = &c->e[i];

	if (e->prev >= 0)
		c->e[e->prev].next = e->next;
	else
		c->head = e->next;
	if (e->next >= 0)
		c->e[e->next].prev = e->prev;
	else
		c->tail = e->prev;
}

static void lru_push(struct tb_dns_cache *c, int32_t i)
{
	c->e[i].prev = -1;
	c->e[i].next = c->head;
	if (c->head >= 0)
		c->e[c->head].prev = i;
	c->head = i;
	if (c->tail < 0)
		c->tail = i;
}

static void hash_unlink(struct tb_dns_cache *c, int32_t i)
{
	int32_t *p = &c->buckets[bucket(c, c->e[i].family, c->e[i].addr)];

	while (*p >= 0 && *p != i)
		p = &c->e[*p].hnext;
	if (*p == i)
		*p = c->e[i].hnext;
}

void tb_dns_cache_put(struct tb_dns_cache *c, int family, const uint8_t *addr, const char *name,
		      uint64_t ts_ns)
{
	uint8_t key[16] = { 0 };
	int32_t i;
	unsigned int b;

	memcpy(key, addr, family == AF_INET ? 4 : 16);
	i = find(c, family, key);
	if (i >= 0) {
		lru_unlink(c, i);
	} else {
		if (c->n < c->max) {
			i = (int32_t)c->n++;
		} else { /* full: the least recently used goes */
			i = c->tail;
			lru_unlink(c, i);
			hash_unlink(c, i);
		}
		memcpy(c->e[i].addr, key, 16);
		c->e[i].family = family;
		b = bucket(c, family, key);
		c->e[i].hnext = c->buckets[b];
		c->buckets[b] = i;
	}
	snprintf(c->e[i].name, sizeof(c->e[i].name), "%s", name);
	c->e[i].ts_ns = ts_ns;
	lru_push(c, i);
}

const char *tb_dns_cache_get(struct tb_dns_cache *c, int family, const uint8_t *addr,
			     uint64_t now_ns, uint64_t *ts_ns)
{
	uint8_t key[16] = { 0 };
	int32_t i;

	memcpy(key, addr, family == AF_INET ? 4 : 16);
	i = find(c, family, key);
	if (i < 0 || (now_ns > c->e[i].ts_ns && now_ns - c->e[i].ts_ns > c->ttl_ns))
		return NULL;
	lru_unlink(c, i);
	lru_push(c, i);
	*ts_ns = c->e[i].ts_ns;
	return c->e[i].name;
}

unsigned int tb_dns_cache_count(const struct tb_dns_cache *c)
{
	return c->n;
}
