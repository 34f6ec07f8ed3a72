/* STRCMP("TEXT", EXPR) for trace and argdist: the call read, and the BPF function it becomes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tb_expr.h"

static const char *skip_space(const char *s)
{
	return s + strspn(s, " \t");
}

/* "{0x6C, 0, 255}": each a byte, signed or not */
static const char *parse_bytes(const char *s, struct tb_streq *q)
{
	s = skip_space(s + 1);
	while (*s != '}') {
		char *e;
		long v = strtol(s, &e, 0);

		if (e == s || v < -128 || v > 255 || q->len == TB_STREQ_MAX)
			return NULL;
		q->text[q->len++] = (unsigned char)v;
		s = skip_space(e);
		if (*s == ',')
			s = skip_space(s + 1);
		else if (*s != '}')
			return NULL;
	}
	return skip_space(s + 1);
}

static const char *parse_string(const char *s, struct tb_streq *q)
{
	for (; *s && *s != '"'; s++) {
		char c = *s;

		if (c == '\\' && s[1]) {
			c = *++s;
			c = c == 'n' ? '\n' : c == 't' ? '\t' : c == '0' ? 0 : c;
		}
		if (q->len == TB_STREQ_MAX || !c) /* a NUL inside would end the string early */
			return NULL;
		q->text[q->len++] = (unsigned char)c;
	}
	return s;
}

int tb_streq_parse(const char *s, bool binary, struct tb_streq *q)
{
	int depth = 1;

	memset(q, 0, sizeof(*q));
	s = skip_space(s);
	if (*s != '(')
		return -1;
	s = skip_space(s + 1);
	if (*s++ != '"')
		return -1;
	q->binary = binary && *skip_space(s) == '{';
	s = q->binary ? parse_bytes(skip_space(s), q) : parse_string(s, q);
	if (!s || *s != '"' || !q->len)
		return -1;
	s = skip_space(s + 1);
	if (*s++ != ',')
		return -1;
	q->expr = skip_space(s);
	for (s = q->expr; *s && depth; s++)
		depth += *s == '(' ? 1 : *s == ')' ? -1 : 0;
	if (depth)
		return -1;
	q->expr_len = (size_t)(s - 1 - q->expr);
	while (q->expr_len && strchr(" \t", q->expr[q->expr_len - 1]))
		q->expr_len--;
	q->end = s;
	return q->expr_len ? 0 : -1;
}

char *tb_streq_function(const char *name, const struct tb_streq *q, enum tb_streq_mem mem)
{
	/* a string is read with a byte more than TEXT and its NUL: a longer string differs there */
	const char *str = q->binary ? "" : "_str";
	size_t size = q->binary ? q->len : q->len + 2;
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	if (!f)
		return NULL;
	fprintf(f, "static __always_inline int %s(const void *__p)\n{\n\tchar __s[%zu] = {};\n\n",
		name, size);
	fprintf(f, "\tif (bpf_probe_read_user%s(__s, sizeof(__s), __p) < 0", str);
	if (mem == TB_STREQ_ANY)
		fprintf(f, " &&\n\t    bpf_probe_read_kernel%s(__s, sizeof(__s), __p) < 0", str);
	fputs(")\n\t\treturn 0;\n", f);
	/* no branch per byte: after two ways of reading, a branch per byte is more paths than the
	 * verifier walks */
	if (q->binary)
		fputs("\tint __d = 0;\n", f);
	else /* the NUL after TEXT */
		fprintf(f, "\tint __d = __s[%zu];\n", q->len);
	for (size_t i = 0; i < q->len; i++)
		fprintf(f, "\t__d |= __s[%zu] ^ %d;\n", i, (signed char)q->text[i]);
	fputs("\treturn __d == 0;\n}\n\n", f);
	if (fclose(f)) {
		free(text);
		return NULL;
	}
	return text;
}
