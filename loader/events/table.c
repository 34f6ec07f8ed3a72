/* Table (BPF map) access by name and by fd: lookup, update, delete, iterate, read whole,
 * clear. */
#include <errno.h>
#include <stdint.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bpf/bpf.h>

#include <bcc/libbpf.h>

#include "internal.h"
#include "tb_log.h"
#include "tb_object.h"

int tb_table_fd(struct tb_prog *prog, const char *name)
{
	const struct tb_table *t = tb_object_table(prog->obj, name);

	if (!t)
		tb_error("failed to find table '%s' in '%s'", name, prog->source_name);
	return t ? t->fd : -1;
}

size_t tb_table_key_size(struct tb_prog *prog, const char *name)
{
	const struct tb_table *t = tb_object_table(prog->obj, name);

	return t ? t->key_size : 0;
}

size_t tb_table_leaf_size(struct tb_prog *prog, const char *name)
{
	const struct tb_table *t = tb_object_table(prog->obj, name);

	return t ? t->leaf_size : 0;
}

int tb_map_lookup(int fd, const void *key, void *value)
{
	return bpf_lookup_elem(fd, (void *)key, value) < 0 ? -errno : 0;
}

int tb_map_sum_percpu_u64(int fd, const void *key, uint64_t *sum)
{
	int ncpus = tb_cpus_possible();
	uint64_t *values = calloc(ncpus > 0 ? ncpus : 1, sizeof(*values));
	int err;

	*sum = 0;
	if (!values)
		return -ENOMEM;
	/* a per-CPU map's value is one slot per possible CPU, each rounded up to 8 bytes */
	err = tb_map_lookup(fd, key, values);
	for (int i = 0; !err && i < ncpus; i++)
		*sum += values[i];
	free(values);
	return err;
}

int tb_map_update(int fd, const void *key, const void *value, uint64_t flags)
{
	return bpf_update_elem(fd, (void *)key, (void *)value, flags) < 0 ? -errno : 0;
}

int tb_table_set_self(struct tb_prog *prog, const char *name)
{
	int fd = tb_table_fd(prog, name), err;
	uint32_t zero = 0, self = (uint32_t)getpid();

	if (fd < 0)
		return -1;
	err = tb_map_update(fd, &zero, &self, 0);
	if (err) {
		tb_error("failed to update map '%s': %s", name, strerror(-err));
		return -1;
	}
	return 0;
}

int tb_map_delete(int fd, const void *key)
{
	return bpf_delete_elem(fd, (void *)key) < 0 ? -errno : 0;
}

int tb_map_next_key(int fd, const void *prev, void *next)
{
	/* a NULL key asks the kernel for the first one */
	return bpf_get_next_key(fd, (void *)prev, next) < 0 ? -errno : 0;
}

int tb_map_clear(int fd, size_t key_size, size_t value_size)
{
	char *key = calloc(2, key_size ? key_size : 1), *next = key + key_size;
	char *zero = calloc(1, value_size ? value_size : 1);
	int n = 0, err;

	if (!key || !zero) {
		free(key);
		free(zero);
		return -ENOMEM;
	}
	/* hashes: delete from the first key each time (deleting the current key breaks
	 * get_next_key); arrays cannot delete (EINVAL): zero every slot instead */
	while ((err = tb_map_next_key(fd, n ? key : NULL, next)) == 0) {
		memcpy(key, next, key_size);
		if (tb_map_delete(fd, key) == 0) {
			n = 0;
			continue;
		}
		if (tb_map_update(fd, key, zero, 0 /* BPF_ANY */))
			break;
		n++;
	}
	free(key);
	free(zero);
	return err == -ENOENT ? 0 : err;
}

/* Grows r to hold at least more records beyond r->n. */
static int records_reserve(struct tb_map_records *r, size_t *cap, size_t more)
{
	size_t c = *cap ? *cap : 256;
	unsigned char *p;

	while (c < r->n + more)
		c *= 2;
	if (c == *cap)
		return 0;
	p = realloc(r->recs, c * r->rec_size);
	if (!p)
		return -ENOMEM;
	r->recs = p;
	*cap = c;
	return 0;
}

/* Batched reads (5.6+): 4096 entries a syscall; with clear the entries are deleted as they
 * are read, so what the program adds between the read and the clear is not lost. An error
 * before any entry means no batches here (or a real failure): the caller walks the keys. */
#define TB_MAP_BATCH 4096
static int read_batched(int fd, bool clear, struct tb_map_records *r, size_t *cap)
{
	size_t ksz = r->key_size, vsz = r->rec_size - ksz;
	unsigned char *keys = malloc(TB_MAP_BATCH * ksz), *vals = malloc(TB_MAP_BATCH * vsz);
	uint64_t token = 0;
	bool first = true, done = false;
	int err = 0;

	if (!keys || !vals) {
		err = -ENOMEM;
		goto out;
	}
	while (!done) {
		__u32 count = TB_MAP_BATCH;
		int ret = clear ? bpf_map_lookup_and_delete_batch(fd, first ? NULL : &token, &token,
								    keys, vals, &count, NULL)
				: bpf_map_lookup_batch(fd, first ? NULL : &token, &token, keys,
						       vals, &count, NULL);

		if (ret < 0) {
			err = errno ? -errno : ret;
			if (err != -ENOENT)
				goto out;
			done = true; /* the last batch: count may still be > 0 */
			err = 0;
		}
		first = false;
		if ((err = records_reserve(r, cap, count)))
			goto out;
		for (__u32 i = 0; i < count; i++, r->n++) {
			memcpy(r->recs + r->n * r->rec_size, keys + i * ksz, ksz);
			memcpy(r->recs + r->n * r->rec_size + ksz, vals + i * vsz, vsz);
		}
	}
out:
	free(keys);
	free(vals);
	return err;
}

/* Keys seen by a walk, as 64-bit hashes in an open-addressed set (a collision only costs one
 * entry of one report). */
struct seen_keys {
	uint64_t *slots; /* 0 = empty */
	size_t cap, n;
};

static bool seen_add(struct seen_keys *s, const void *key, size_t len)
{
	uint64_t h = tb_fnv1a(0xcbf29ce484222325ULL, key, len) | 1;

	if (2 * (s->n + 1) > s->cap) {
		struct seen_keys bigger = { .cap = s->cap ? 2 * s->cap : 1024 };

		bigger.slots = calloc(bigger.cap, sizeof(*bigger.slots));
		if (!bigger.slots)
			return true; /* out of memory: treat as seen, the walk then ends */
		for (size_t i = 0; i < s->cap; i++)
			for (size_t j = s->slots[i] % bigger.cap; s->slots[i]; j = (j + 1) % bigger.cap)
				if (!bigger.slots[j]) {
					bigger.slots[j] = s->slots[i];
					bigger.n++;
					break;
				}
		free(s->slots);
		*s = bigger;
	}
	for (size_t j = h % s->cap;; j = (j + 1) % s->cap) {
		if (s->slots[j] == h)
			return true;
		if (!s->slots[j]) {
			s->slots[j] = h;
			s->n++;
			return false;
		}
	}
}

/* Without batches: every key and its value read first, then deleted by key (a delete-from-
 * the-first-key loop would rescan empty buckets each time). The map keeps changing while it
 * is walked, and when the key a walk stands on is deleted, the kernel's next key is the
 * map's first again: keys already read are then passed over, and a walk that keeps being
 * sent back (a busy map on a slow machine: memleak on 4.14 under emulation never ended) stops
 * after four times as many steps as entries, with what it has. */
static int read_walk(int fd, bool clear, struct tb_map_records *r, size_t *cap)
{
	size_t first = r->n, steps = 0;
	struct seen_keys seen = { 0 };
	unsigned char *prev = NULL;
	int err;

	for (;;) {
		unsigned char *rec;

		if (records_reserve(r, cap, 1)) {
			free(seen.slots);
			return -ENOMEM;
		}
		rec = r->recs + r->n * r->rec_size;
		err = tb_map_next_key(fd, prev ? prev : NULL, rec);
		if (err)
			break;
		if (++steps > 4 * (r->n - first) + 4096) {
			tb_info("map changed too fast to be read entry by entry: %zu entries read, "
				"the rest skipped", r->n - first);
			err = -ENOENT;
			break;
		}
		/* the key walked from must stay valid: keep it past the records' growth */
		if (!prev)
			prev = malloc(r->key_size);
		if (!prev) {
			err = -ENOMEM;
			break;
		}
		memcpy(prev, rec, r->key_size);
		if (seen_add(&seen, rec, r->key_size))
			continue;
		/* a key deleted between the two calls is skipped */
		if (tb_map_lookup(fd, rec, rec + r->key_size) == 0)
			r->n++;
	}
	free(prev);
	free(seen.slots);
	if (err != -ENOENT)
		return err;
	if (clear)
		for (size_t i = first; i < r->n; i++)
			tb_map_delete(fd, r->recs + i * r->rec_size);
	return 0;
}

static bool no_batch; /* set once batches failed: not tried again */

int tb_map_read_all(int fd, size_t key_size, size_t value_size, bool clear,
		    struct tb_map_records *out)
{
	size_t cap = 0;
	int err = -EINVAL;

	*out = (struct tb_map_records){ .key_size = key_size, .rec_size = key_size + value_size };
	/* TRACEBOX_NO_MAP_BATCH=1 forces the entry-by-entry path (tests and measurements) */
	if (!no_batch && !getenv("TRACEBOX_NO_MAP_BATCH")) {
		err = read_batched(fd, clear, out, &cap);
		if (err && err != -ENOMEM && out->n == 0) {
			no_batch = true;
			tb_info("map batch operations failed (%s): reading entry by entry",
				strerror(-err));
		}
	}
	if (err && err != -ENOMEM && out->n == 0)
		err = read_walk(fd, clear, out, &cap);
	if (err)
		tb_map_records_free(out);
	return err;
}

void tb_map_records_free(struct tb_map_records *r)
{
	free(r->recs);
	r->recs = NULL;
	r->n = 0;
}

int tb_table_read_counts(struct tb_prog *prog, const char *name, size_t key_size,
			 size_t elem_size, size_t count_offset, void **out, size_t *n)
{
	struct tb_map_records recs = { 0 };
	unsigned char *elems;
	int fd = tb_table_fd(prog, name), err;

	*out = NULL;
	*n = 0;
	if (fd < 0)
		return -1;
	err = tb_map_read_all(fd, key_size, sizeof(uint64_t), false, &recs);
	if (err) {
		tb_error("failed to read table '%s': %s", name, strerror(-err));
		return -1;
	}
	elems = calloc(recs.n ? recs.n : 1, elem_size);
	if (!elems) {
		tb_error("failed to read table '%s': %s", name, strerror(ENOMEM));
		tb_map_records_free(&recs);
		return -1;
	}
	/* records are packed and unaligned: copied field by field */
	for (size_t i = 0; i < recs.n; i++) {
		const unsigned char *rec = recs.recs + i * recs.rec_size;

		memcpy(elems + i * elem_size, rec, key_size);
		memcpy(elems + i * elem_size + count_offset, rec + key_size, sizeof(uint64_t));
	}
	*out = elems;
	*n = recs.n;
	tb_map_records_free(&recs);
	return 0;
}
