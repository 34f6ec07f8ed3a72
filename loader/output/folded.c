/* Folded stacks: collected, merged, printed (tb_folded.h). */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include "tb_folded.h"

void tb_folded_add(struct tb_folded *f, const char *text, unsigned long long count)
{
	char *copy;

	if (f->n == f->cap) {
		size_t cap = f->cap ? f->cap * 2 : 256;
		struct tb_folded_line *v = realloc(f->v, cap * sizeof(*v));

		if (!v) {
			f->dropped++;
			return;
		}
		f->v = v;
		f->cap = cap;
	}
	copy = strdup(text);
	if (!copy) {
		f->dropped++;
		return;
	}
	f->v[f->n].text = copy;
	f->v[f->n++].count = count;
}

int tb_folded_add_line(struct tb_folded *f, const char *line)
{
	size_t len = strcspn(line, "\r\n");
	const char *sp;
	char *end, *text;
	unsigned long long count;

	while (len && isspace((unsigned char)line[len - 1]))
		len--;
	for (sp = line + len; sp > line && sp[-1] != ' '; sp--)
		;
	if (sp == line || sp == line + len || !isdigit((unsigned char)*sp))
		return -1;
	count = strtoull(sp, &end, 10);
	if (end != line + len || sp - 1 == line)
		return -1;
	text = strndup(line, (size_t)(sp - 1 - line));
	if (!text)
		return -1;
	tb_folded_add(f, text, count);
	free(text);
	return 0;
}

static int cmp_text(const void *a, const void *b)
{
	return strcmp(((const struct tb_folded_line *)a)->text,
		      ((const struct tb_folded_line *)b)->text);
}

static int cmp_count(const void *a, const void *b)
{
	const struct tb_folded_line *x = a, *y = b;

	if (x->count != y->count)
		return x->count < y->count ? -1 : 1;
	return strcmp(x->text, y->text);
}

void tb_folded_merge(struct tb_folded *f)
{
	size_t n = 0;

	if (!f->n)
		return;
	qsort(f->v, f->n, sizeof(*f->v), cmp_text);
	for (size_t i = 0; i < f->n; i++) {
		if (n && !strcmp(f->v[n - 1].text, f->v[i].text)) {
			f->v[n - 1].count += f->v[i].count;
			free(f->v[i].text);
		} else {
			f->v[n++] = f->v[i];
		}
	}
	f->n = n;
	qsort(f->v, f->n, sizeof(*f->v), cmp_count);
}

void tb_folded_print(const struct tb_folded *f, FILE *fp)
{
	for (size_t i = 0; i < f->n; i++)
		fprintf(fp, "%s %llu\n", f->v[i].text, f->v[i].count);
}

void tb_folded_free(struct tb_folded *f)
{
	for (size_t i = 0; i < f->n; i++)
		free(f->v[i].text);
	free(f->v);
	memset(f, 0, sizeof(*f));
}
