/* Text helpers for event fields shared by the tools. */
#include <string.h>

#include "tb_format.h"

struct sink {
	char *out;
	size_t len, cap;
};

static void emit(struct sink *s, const char *text, size_t n)
{
	/* keep one byte for the NUL; silently stop when full, like snprintf */
	if (s->len + 1 >= s->cap)
		return;
	if (n > s->cap - 1 - s->len)
		n = s->cap - 1 - s->len;
	memcpy(s->out + s->len, text, n);
	s->len += n;
	s->out[s->len] = 0;
}

size_t tb_next_string(const char *buf, size_t size, size_t pos)
{
	if (pos >= size)
		return size;
	pos += strnlen(buf + pos, size - pos) + 1;
	return pos < size ? pos : size;
}

size_t tb_format_argv(char *out, size_t out_len, const char *buf, size_t size, int max_count,
		      bool quote, bool truncated)
{
	struct sink s = { out, 0, out_len };
	size_t pos = 0;

	if (!out_len)
		return 0;
	out[0] = 0;
	for (int i = 0; i < max_count && pos < size; i++) {
		const char *arg = buf + pos;
		size_t n = strnlen(arg, size - pos);

		if (i)
			emit(&s, " ", 1);
		if (quote)
			emit(&s, "\"", 1);
		for (size_t k = 0; k < n; k++) {
			if (arg[k] == '\n')
				emit(&s, "\\n", 2);
			else if (quote && arg[k] == '"')
				emit(&s, "\\\"", 2);
			else
				emit(&s, &arg[k], 1);
		}
		if (quote)
			emit(&s, "\"", 1);
		pos += n + 1;
	}
	if (truncated || pos < size)
		emit(&s, " ...", 4);
	return s.len;
}
