/* Kernel symbols from /proc/kallsyms: one sorted array, looked up by binary search. */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "tb_log.h"
#include "tb_stacks.h"

struct tb_ksyms {
	struct tb_ksym *syms;
	size_t n, cap;
	char *names; /* every name and module, NUL-separated; syms point into it */
	size_t names_len, names_cap;
	bool hidden;
};

static int cmp_addr(const void *a, const void *b)
{
	const struct tb_ksym *x = a, *y = b;

	return x->addr < y->addr ? -1 : x->addr > y->addr;
}

/* Appends s to the name buffer and returns its offset (names move while growing). */
static ssize_t add_name(struct tb_ksyms *ks, const char *s, size_t len)
{
	size_t off = ks->names_len;

	if (ks->names_len + len + 1 > ks->names_cap) {
		size_t cap = ks->names_cap ? ks->names_cap * 2 : 1 << 20;
		char *p;

		while (cap < ks->names_len + len + 1)
			cap *= 2;
		p = realloc(ks->names, cap);
		if (!p)
			return -1;
		ks->names = p;
		ks->names_cap = cap;
	}
	memcpy(ks->names + off, s, len);
	ks->names[off + len] = 0;
	ks->names_len += len + 1;
	return (ssize_t)off;
}

struct tb_ksyms *tb_ksyms_parse(FILE *fp)
{
	struct tb_ksyms *ks = calloc(1, sizeof(*ks));
	char line[1024];
	bool nonzero = false;

	if (!ks)
		return NULL;
	while (fgets(line, sizeof(line), fp)) {
		char *p = line, *end, *name, *mod = NULL;
		uint64_t addr = strtoull(p, &end, 16);
		char type;
		ssize_t noff, moff = -1;

		if (end == p || *end != ' ')
			continue;
		p = end + 1;
		type = *p;
		if (!type || p[1] != ' ')
			continue;
		/* data symbols (b, d, r...) are not where code runs; keep text and weak symbols */
		if (type != 't' && type != 'T' && type != 'w' && type != 'W')
			continue;
		name = p + 2;
		name[strcspn(name, "\n")] = 0;
		end = strchr(name, '\t');
		if (end) {
			*end = 0;
			mod = strchr(end + 1, '[');
			if (mod) {
				mod++;
				mod[strcspn(mod, "]")] = 0;
			}
		}
		if (!*name)
			continue;
		if (ks->n == ks->cap) {
			size_t cap = ks->cap ? ks->cap * 2 : 4096;
			struct tb_ksym *s = realloc(ks->syms, cap * sizeof(*s));

			if (!s)
				goto fail;
			ks->syms = s;
			ks->cap = cap;
		}
		noff = add_name(ks, name, strlen(name));
		if (noff < 0 || (mod && (moff = add_name(ks, mod, strlen(mod))) < 0))
			goto fail;
		/* offsets now, pointers once the buffer stops moving */
		ks->syms[ks->n++] = (struct tb_ksym){ .addr = addr, .name = (const char *)(uintptr_t)noff,
						      .module = (const char *)(intptr_t)moff };
		nonzero = nonzero || addr;
	}
	for (size_t i = 0; i < ks->n; i++) {
		intptr_t moff = (intptr_t)ks->syms[i].module;

		ks->syms[i].name = ks->names + (uintptr_t)ks->syms[i].name;
		ks->syms[i].module = moff < 0 ? NULL : ks->names + moff;
	}
	ks->hidden = ks->n > 0 && !nonzero;
	if (ks->n) /* an empty file has no array: qsort must not see NULL */
		qsort(ks->syms, ks->n, sizeof(*ks->syms), cmp_addr);
	return ks;
fail:
	tb_ksyms_free(ks);
	return NULL;
}

struct tb_ksyms *tb_ksyms_load(const char *path)
{
	FILE *f = fopen(path ? path : "/proc/kallsyms", "r");
	struct tb_ksyms *ks;

	if (!f) {
		tb_error("failed to open '%s': %s", path ? path : "/proc/kallsyms", strerror(errno));
		return NULL;
	}
	ks = tb_ksyms_parse(f);
	fclose(f);
	if (!ks)
		tb_error("failed to read kernel symbols: out of memory");
	return ks;
}

void tb_ksyms_free(struct tb_ksyms *ks)
{
	if (!ks)
		return;
	free(ks->syms);
	free(ks->names);
	free(ks);
}

bool tb_ksyms_hidden(const struct tb_ksyms *ks) { return ks && ks->hidden; }
size_t tb_ksyms_count(const struct tb_ksyms *ks) { return ks ? ks->n : 0; }

const struct tb_ksym *tb_ksyms_lookup(const struct tb_ksyms *ks, uint64_t addr)
{
	size_t lo = 0, hi;

	if (!ks || !ks->n || ks->hidden || addr < ks->syms[0].addr)
		return NULL;
	hi = ks->n; /* invariant: syms[lo].addr <= addr, answer in [lo, hi) */
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;

		if (ks->syms[mid].addr <= addr)
			lo = mid;
		else
			hi = mid;
	}
	return &ks->syms[lo];
}

int tb_ksym_format(const struct tb_ksyms *ks, uint64_t addr, unsigned flags, char *buf, size_t len)
{
	const struct tb_ksym *s = tb_ksyms_lookup(ks, addr);
	int n;

	if (!s) {
		snprintf(buf, len, "[unknown]");
		return ks && ks->hidden ? TB_UNK_KPTR_HIDDEN : TB_UNK_NO_SYMBOL;
	}
	n = snprintf(buf, len, "%s", s->name);
	if ((flags & TB_SYM_OFFSET) && n >= 0 && (size_t)n < len)
		n += snprintf(buf + n, len - n, "+0x%" PRIx64, addr - s->addr);
	if ((flags & TB_SYM_MODULE) && n >= 0 && (size_t)n < len)
		snprintf(buf + n, len - n, " [%s]", s->module ? s->module : "kernel");
	return -1;
}
