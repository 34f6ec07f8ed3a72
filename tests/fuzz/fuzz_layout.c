/* libFuzzer target: the event decoders: loader/events/introspect.c's, which tbrun prints perf events
 * and table entries with, and loader/output/format.c's argument lists (execsnoop's ARGS). Input: a
 * selector byte, then text up to the first NUL (field specs "name#type" one a line, or a
 * libbcc type description when the selector is odd), then the event's bytes. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "tb_format.h"
#include "tb_introspect.h"
#include "tb_object.h"

static FILE *sink;

static void decode_fields(char *text, const uint8_t *data, size_t size)
{
	const char *fields[TB_LAYOUT_MAX_FIELDS + 1];
	struct tb_layout layout;
	char err[128];
	int n = 0;

	for (char *line = strtok(text, "\n"); line && n <= TB_LAYOUT_MAX_FIELDS;
	     line = strtok(NULL, "\n"))
		fields[n++] = line;
	if (tb_layout_parse(&layout, fields, n, err, sizeof(err)))
		return;
	if (layout.size > TB_LAYOUT_MAX_SIZE)
		abort();
	for (int i = 0; i < layout.nfields; i++) {
		const struct tb_field *f = &layout.fields[i];

		if (f->offset + f->elem_size * f->count > layout.size)
			abort(); /* a field outside its struct */
	}
	tb_layout_print(sink, &layout, data, size, false, NULL);
	tb_layout_print(sink, &layout, data, size, true, "t");
}

/* A table whose key is described by text: what tbrun prints map keys and leaves with. */
static void decode_desc(char *text, const uint8_t *data, size_t size)
{
	struct tb_table table = { .name = "t", .fd = -1, .key_desc = text, .leaf_desc = text,
				  .key_size = (uint32_t)size, .leaf_size = (uint32_t)size };
	struct tb_object obj = { .tables = &table, .ntables = 1 };
	struct tb_prog prog = { .obj = &obj };
	char out[512];

	if (!tb_prog_table_key_format(&prog, 0, out, sizeof(out), data) && !memchr(out, 0, sizeof(out)))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *in, size_t len)
{
	const uint8_t *nul;
	char *text;
	size_t text_len;

	if (!sink)
		sink = fopen("/dev/null", "w");
	if (len < 1)
		return 0;
	nul = memchr(in + 1, 0, len - 1);
	text_len = nul ? (size_t)(nul - in - 1) : len - 1;
	text = strndup((const char *)in + 1, text_len);
	/* the event is copied so reads past its end are caught */
	size_t size = nul ? len - 1 - text_len - 1 : 0;
	uint8_t *data = malloc(size ? size : 1);

	if (size)
		memcpy(data, nul + 1, size);
	if (in[0] & 1)
		decode_desc(text, data, size);
	else
		decode_fields(text, data, size);
	if (in[0] & 2) {
		/* NUL-separated arguments as a BPF program leaves them, in an output that may be
		 * too short */
		char out[256];
		size_t out_len = in[0] >> 2 ? in[0] >> 2 : sizeof(out);

		if (tb_format_argv(out, out_len, (const char *)data, size, in[0] & 4 ? 20 : 3,
				   in[0] & 8, in[0] & 16) >= out_len)
			abort();
		for (size_t pos = 0; pos < size; pos = tb_next_string((const char *)data, size, pos))
			;
	}
	free(data);
	free(text);
	return 0;
}
