/* Tracepoint format files: fields and __print_symbolic tables (tb_tp_format.h). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tb_features.h"
#include "tb_tp_format.h"

char *tb_tp_format_read(const char *tp)
{
	const char *colon = strchr(tp, ':');
	char path[512], *text = NULL;
	size_t len = 0, cap = 0, n;
	FILE *f;

	if (!colon || !tb_tracepoint_exists(tp))
		return NULL;
	snprintf(path, sizeof(path), "%s/events/%.*s/%s/format", tb_tracefs(), (int)(colon - tp), tp,
		 colon + 1);
	if (!(f = fopen(path, "re")))
		return NULL;
	do {
		if (cap - len < 4097) {
			char *t = realloc(text, cap = cap ? cap * 2 : 16384);

			if (!t) {
				free(text);
				fclose(f);
				return NULL;
			}
			text = t;
		}
		n = fread(text + len, 1, cap - len - 1, f);
		len += n;
	} while (n > 0);
	fclose(f);
	text[len] = 0;
	return text;
}

bool tb_tp_format_has_field(const char *text, const char *field)
{
	size_t flen = strlen(field);

	/* "\tfield:enum skb_drop_reason reason;\toffset:..." : the name ends before ';' or '[' */
	for (const char *p = strstr(text, "field:"); p; p = strstr(p + 1, "field:")) {
		const char *end = strchr(p, ';');
		const char *name;

		if (!end)
			break;
		name = end;
		while (name > p && (isalnum((unsigned char)name[-1]) || name[-1] == '_' ||
				    name[-1] == '[' || name[-1] == ']'))
			name--;
		if (!strncmp(name, field, flen) && (name + flen == end || name[flen] == '['))
			return true;
	}
	return false;
}

bool tb_tracepoint_has_field(const char *tp, const char *field)
{
	char *text = tb_tp_format_read(tp);
	bool has = text && tb_tp_format_has_field(text, field);

	free(text);
	return has;
}

int tb_tp_symbols_parse(const char *text, const char *field, struct tb_tp_symbols *out)
{
	char key[128];
	const char *p;
	size_t cap = 0;

	*out = (struct tb_tp_symbols){ 0 };
	snprintf(key, sizeof(key), "__print_symbolic(REC->%s,", field);
	if (!(p = strstr(text, key)))
		return -1;
	p += strlen(key);
	/* { 2, "NOT_SPECIFIED" }, { 3, "NO_SOCKET" }, ... ) */
	for (;;) {
		const char *q, *name, *name_end;
		char *end;
		long v;

		while (*p == ' ' || *p == ',')
			p++;
		if (*p != '{')
			break;
		v = strtol(p + 1, &end, 0);
		q = end;
		while (*q == ' ')
			q++;
		name = strchr(q, '"');
		name_end = name ? strchr(name + 1, '"') : NULL;
		if (!name_end)
			break;
		if (end != p + 1 && *q == ',') {
			if (out->n == cap) {
				struct tb_tp_symbol *e = realloc(out->e, (cap = cap ? cap * 2 : 64) * sizeof(*e));

				if (!e)
					goto fail;
				out->e = e;
			}
			out->e[out->n].value = v;
			if (!(out->e[out->n].name = strndup(name + 1, (size_t)(name_end - name - 1))))
				goto fail;
			out->n++;
		}
		if (!(p = strchr(name_end, '}')))
			break;
		p++;
	}
	return 0;
fail:
	tb_tp_symbols_free(out);
	return -1;
}

int tb_tp_symbols_load(const char *tp, const char *field, struct tb_tp_symbols *out)
{
	char *text = tb_tp_format_read(tp);
	int err = text ? tb_tp_symbols_parse(text, field, out) : -1;

	if (!text)
		*out = (struct tb_tp_symbols){ 0 };
	free(text);
	return err;
}

const char *tb_tp_symbol_name(const struct tb_tp_symbols *s, long value)
{
	for (size_t i = 0; i < s->n; i++)
		if (s->e[i].value == value)
			return s->e[i].name;
	return NULL;
}

long tb_tp_symbol_value(const struct tb_tp_symbols *s, const char *name)
{
	for (size_t i = 0; i < s->n; i++)
		if (!strcmp(s->e[i].name, name))
			return s->e[i].value;
	return -1;
}

void tb_tp_symbols_free(struct tb_tp_symbols *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->e[i].name);
	free(s->e);
	*s = (struct tb_tp_symbols){ 0 };
}
