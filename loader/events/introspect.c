/* Enumerating a compiled program's functions and tables, and decoding perf output events from
 * the field list libbcc records for them (pure parsing, so generic frontends need no C). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "tb_introspect.h"
#include "tb_log.h"
#include "tb_object.h"
#include "tb_output.h"

/* Everything comes from the loader's object, which exists whether the program was just
 * compiled or came from the compile cache. */
int tb_prog_function_count(struct tb_prog *prog)
{
	return (int)prog->obj->nfns;
}

const char *tb_prog_function_name(struct tb_prog *prog, int i)
{
	return i >= 0 && i < (int)prog->obj->nfns ? prog->obj->fns[i].name : NULL;
}

int tb_prog_table_count(struct tb_prog *prog)
{
	return (int)prog->obj->ntables;
}

int tb_prog_table_info(struct tb_prog *prog, int i, struct tb_table_info *info)
{
	const struct tb_table *t;

	if (i < 0 || i >= tb_prog_table_count(prog))
		return -1;
	t = &prog->obj->tables[i];
	info->name = t->name;
	info->map_type = t->type;
	info->fd = t->fd;
	info->key_size = t->key_size;
	info->leaf_size = t->leaf_size;
	info->max_entries = t->max_entries;
	info->key_desc = t->key_desc;
	info->leaf_desc = t->leaf_desc;
	return 0;
}

/* libbcc describes a struct key or leaf as ["name", [["field","type"], ["arr","char",[16]],
 * ["__pad_1","char",[4]]...], "struct_packed"], padding made explicit. Turns that into the
 * "field#type[n]" list tb_layout_parse reads; -1 for anything else (scalars, nested structs,
 * unions, several dimensions), which callers print another way. */
static int desc_to_fields(const char *desc, char fields[][96], int max)
{
	const char *p = desc;
	int n = 0;

	if (!desc || *desc != '[' || strstr(desc, "\"union\""))
		return -1;
	p = strchr(p + 1, '[');   /* the field list */
	if (!p)
		return -1;
	for (p++; (p = strchr(p, '[')) && n < max; ) {
		char name[48], type[40];
		int dim = 0, used = -1;

		/* %n is set only when the whole pattern matched: the count alone would accept
		 * '["a","int"' cut short, and a stale `used` would skip past the string's end */
		if (sscanf(p, "[\"%47[^\"]\" , \"%39[^\"]\"%n", name, type, &used) < 2 || used < 0)
			return -1;
		p += used;
		while (*p == ' ')
			p++;
		if (*p == ',') {
			used = -1;
			if (sscanf(p, " , [%d]%n", &dim, &used) < 1 || used < 0)
				return -1;
			p += used;
		}
		if (*p != ']')
			return -1; /* a nested type or a second dimension */
		p++;
		if (dim)
			snprintf(fields[n++], 96, "%s#%s[%d]", name, type, dim);
		else
			snprintf(fields[n++], 96, "%s#%s", name, type);
	}
	return n;
}

/* Prints a struct as "{a=1 comm=head}", leaving out libbcc's explicit padding fields. */
static int format_struct(const char *desc, size_t size, const void *data, char *buf, size_t len)
{
	char fields[TB_LAYOUT_MAX_FIELDS][96], err[64];
	const char *names[TB_LAYOUT_MAX_FIELDS];
	struct tb_layout layout, shown = { .nfields = 0 };
	char *text = NULL;
	size_t text_len = 0;
	FILE *fp;
	int n = desc_to_fields(desc, fields, TB_LAYOUT_MAX_FIELDS);

	if (n <= 0)
		return -1;
	for (int i = 0; i < n; i++)
		names[i] = fields[i];
	if (tb_layout_parse(&layout, names, n, err, sizeof(err)) || layout.size != size)
		return -1;
	for (int i = 0; i < layout.nfields; i++)
		if (strncmp(layout.fields[i].name, "__pad_", 6))
			shown.fields[shown.nfields++] = layout.fields[i];
	shown.size = layout.size;
	fp = open_memstream(&text, &text_len);
	if (!fp)
		return -1;
	tb_layout_print(fp, &shown, data, size, false, NULL);
	fclose(fp);
	snprintf(buf, len, "{%.*s}", (int)strcspn(text, "\n"), text);
	free(text);
	return 0;
}

int tb_prog_table_key_format(struct tb_prog *prog, int i, char *buf, size_t len, const void *key)
{
	const struct tb_table *t = &prog->obj->tables[i];

	return format_struct(t->key_desc, t->key_size, key, buf, len);
}

int tb_prog_table_leaf_format(struct tb_prog *prog, int i, char *buf, size_t len,
			      const void *leaf)
{
	const struct tb_table *t = &prog->obj->tables[i];

	return format_struct(t->leaf_desc, t->leaf_size, leaf, buf, len);
}

int tb_prog_perf_field_count(struct tb_prog *prog, const char *table)
{
	const struct tb_table *t = tb_object_table(prog->obj, table);

	return t ? (int)t->nperf_fields : 0;
}

const char *tb_prog_perf_field(struct tb_prog *prog, const char *table, int i)
{
	const struct tb_table *t = tb_object_table(prog->obj, table);

	return t && i >= 0 && i < (int)t->nperf_fields ? t->perf_fields[i] : NULL;
}

/* --- layouts --- */

static const struct {
	const char *name;
	size_t size;
	enum tb_field_kind kind;
} scalar_types[] = {
	{ "char", 1, TB_FIELD_SIGNED }, { "signed char", 1, TB_FIELD_SIGNED },
	{ "unsigned char", 1, TB_FIELD_UNSIGNED }, { "_Bool", 1, TB_FIELD_UNSIGNED },
	{ "bool", 1, TB_FIELD_UNSIGNED }, { "u8", 1, TB_FIELD_UNSIGNED },
	{ "__u8", 1, TB_FIELD_UNSIGNED }, { "uint8_t", 1, TB_FIELD_UNSIGNED },
	{ "s8", 1, TB_FIELD_SIGNED }, { "__s8", 1, TB_FIELD_SIGNED }, { "int8_t", 1, TB_FIELD_SIGNED },
	{ "short", 2, TB_FIELD_SIGNED }, { "short int", 2, TB_FIELD_SIGNED },
	{ "unsigned short", 2, TB_FIELD_UNSIGNED }, { "unsigned short int", 2, TB_FIELD_UNSIGNED },
	{ "u16", 2, TB_FIELD_UNSIGNED }, { "__u16", 2, TB_FIELD_UNSIGNED },
	{ "uint16_t", 2, TB_FIELD_UNSIGNED }, { "__be16", 2, TB_FIELD_UNSIGNED },
	{ "s16", 2, TB_FIELD_SIGNED }, { "__s16", 2, TB_FIELD_SIGNED },
	{ "int16_t", 2, TB_FIELD_SIGNED },
	{ "int", 4, TB_FIELD_SIGNED }, { "signed int", 4, TB_FIELD_SIGNED },
	{ "signed", 4, TB_FIELD_SIGNED }, { "unsigned int", 4, TB_FIELD_UNSIGNED },
	{ "unsigned", 4, TB_FIELD_UNSIGNED }, { "u32", 4, TB_FIELD_UNSIGNED },
	{ "__u32", 4, TB_FIELD_UNSIGNED }, { "uint32_t", 4, TB_FIELD_UNSIGNED },
	{ "__be32", 4, TB_FIELD_UNSIGNED }, { "s32", 4, TB_FIELD_SIGNED },
	{ "__s32", 4, TB_FIELD_SIGNED }, { "int32_t", 4, TB_FIELD_SIGNED },
	{ "pid_t", 4, TB_FIELD_SIGNED }, { "uid_t", 4, TB_FIELD_UNSIGNED },
	{ "gid_t", 4, TB_FIELD_UNSIGNED }, { "dev_t", 4, TB_FIELD_UNSIGNED },
	{ "long", 8, TB_FIELD_SIGNED }, { "long int", 8, TB_FIELD_SIGNED },
	{ "unsigned long", 8, TB_FIELD_UNSIGNED }, { "unsigned long int", 8, TB_FIELD_UNSIGNED },
	{ "long long", 8, TB_FIELD_SIGNED }, { "long long int", 8, TB_FIELD_SIGNED },
	{ "unsigned long long", 8, TB_FIELD_UNSIGNED },
	{ "unsigned long long int", 8, TB_FIELD_UNSIGNED },
	{ "u64", 8, TB_FIELD_UNSIGNED }, { "__u64", 8, TB_FIELD_UNSIGNED },
	{ "uint64_t", 8, TB_FIELD_UNSIGNED }, { "s64", 8, TB_FIELD_SIGNED },
	{ "__s64", 8, TB_FIELD_SIGNED }, { "int64_t", 8, TB_FIELD_SIGNED },
	{ "size_t", 8, TB_FIELD_UNSIGNED }, { "ssize_t", 8, TB_FIELD_SIGNED },
	{ "loff_t", 8, TB_FIELD_SIGNED }, { "off_t", 8, TB_FIELD_SIGNED },
	{ "uintptr_t", 8, TB_FIELD_UNSIGNED }, { "__kernel_size_t", 8, TB_FIELD_UNSIGNED },
};

/* Copies type without qualifiers and with single spaces, e.g. "const  unsigned int" ->
 * "unsigned int". */
static void normalize_type(const char *in, char *out, size_t len)
{
	size_t n = 0;

	while (*in && n + 1 < len) {
		while (*in == ' ')
			in++;
		if (!strncmp(in, "const ", 6) || !strncmp(in, "volatile ", 9)) {
			in += in[0] == 'c' ? 6 : 9;
			continue;
		}
		if (n && out[n - 1] != ' ' && *in)
			out[n++] = ' ';
		while (*in && *in != ' ' && n + 1 < len)
			out[n++] = *in++;
	}
	while (n && out[n - 1] == ' ')
		n--;
	out[n] = 0;
}

/* One field's type: its element kind and size, and its array length (1 if none). */
static int parse_type(const char *type, struct tb_field *f)
{
	char t[128], *bracket;
	long count = 1;

	normalize_type(type, t, sizeof(t));
	bracket = strchr(t, '[');
	if (bracket) {
		char *end;

		count = strtol(bracket + 1, &end, 10);
		if (count <= 0 || *end != ']' || end[1])
			return -1; /* flexible or multi-dimensional arrays */
		*bracket = 0;
		while (bracket > t && bracket[-1] == ' ')
			*--bracket = 0;
	}
	f->count = count;
	if (strchr(t, '*')) {
		f->kind = TB_FIELD_POINTER;
		f->elem_size = 8;
		return 0;
	}
	if (!strncmp(t, "enum ", 5)) {
		f->kind = TB_FIELD_SIGNED;
		f->elem_size = 4;
		return 0;
	}
	for (size_t i = 0; i < sizeof(scalar_types) / sizeof(scalar_types[0]); i++) {
		if (strcmp(t, scalar_types[i].name))
			continue;
		f->elem_size = scalar_types[i].size;
		f->kind = scalar_types[i].kind;
		/* arrays of any 1-byte character type are text */
		if (bracket && f->elem_size == 1 && strstr(t, "char"))
			f->kind = TB_FIELD_STRING;
		return 0;
	}
	return -1;
}

int tb_layout_parse(struct tb_layout *layout, const char *const *fields, int n,
		    char *err, size_t err_len)
{
	size_t offset = 0, max_align = 1;

	memset(layout, 0, sizeof(*layout));
	if (n > TB_LAYOUT_MAX_FIELDS) {
		snprintf(err, err_len, "more than %d fields", TB_LAYOUT_MAX_FIELDS);
		return -1;
	}
	for (int i = 0; i < n; i++) {
		struct tb_field *f = &layout->fields[i];
		const char *hash = strchr(fields[i], '#');

		if (!hash || hash == fields[i] || (size_t)(hash - fields[i]) >= sizeof(f->name)) {
			snprintf(err, err_len, "'%s'", fields[i]);
			return -1;
		}
		snprintf(f->name, sizeof(f->name), "%.*s", (int)(hash - fields[i]), fields[i]);
		if (parse_type(hash + 1, f)) {
			snprintf(err, err_len, "'%s' of field '%s'", hash + 1, f->name);
			return -1;
		}
		offset = (offset + f->elem_size - 1) / f->elem_size * f->elem_size;
		/* counts come from text ("char[99999999999]"): keep every product and sum small
		 * enough that neither this nor tb_layout_print's bounds checks can wrap */
		if (f->count > (TB_LAYOUT_MAX_SIZE - offset) / f->elem_size) {
			snprintf(err, err_len, "'%s' of field '%s': the struct would exceed %d bytes",
				 hash + 1, f->name, TB_LAYOUT_MAX_SIZE);
			return -1;
		}
		f->offset = offset;
		offset += f->elem_size * f->count;
		if (f->elem_size > max_align)
			max_align = f->elem_size;
	}
	layout->nfields = n;
	layout->size = (offset + max_align - 1) / max_align * max_align;
	return 0;
}

static void print_scalar(FILE *fp, const struct tb_field *f, const unsigned char *p)
{
	uint64_t u = 0;
	int64_t s;

	switch (f->elem_size) {
	case 1: u = *p; s = (int8_t)*p; break;
	case 2: { uint16_t v; memcpy(&v, p, 2); u = v; s = (int16_t)v; break; }
	case 4: { uint32_t v; memcpy(&v, p, 4); u = v; s = (int32_t)v; break; }
	default: memcpy(&u, p, 8); s = (int64_t)u; break;
	}
	if (f->kind == TB_FIELD_POINTER)
		fprintf(fp, "0x%llx", (unsigned long long)u);
	else if (f->kind == TB_FIELD_SIGNED)
		fprintf(fp, "%lld", (long long)s);
	else
		fprintf(fp, "%llu", (unsigned long long)u);
}

void tb_layout_print(FILE *fp, const struct tb_layout *layout, const void *data, size_t size,
		     bool json, const char *table)
{
	const unsigned char *base = data;
	bool first = true;

	if (json)
		fputc('{', fp);
	if (table && json) {
		fputs("\"table\":", fp);
		tb_json_string(fp, table);
		first = false;
	} else if (table) {
		fprintf(fp, "%s: ", table);
	}
	for (int i = 0; i < layout->nfields; i++) {
		const struct tb_field *f = &layout->fields[i];

		/* a trailing char array may be cut short (programs submit only the bytes used) */
		size_t avail = f->offset < size ? size - f->offset : 0;

		if (f->kind == TB_FIELD_STRING ? !avail : avail < f->elem_size * f->count)
			break;
		if (json) {
			fprintf(fp, "%s", first ? "" : ",");
			tb_json_string(fp, f->name);
			fputc(':', fp);
		} else {
			fprintf(fp, "%s%s=", first ? "" : " ", f->name);
		}
		first = false;
		if (f->kind == TB_FIELD_STRING) {
			char text[4096];
			size_t n = strnlen((const char *)base + f->offset,
					   f->count < avail ? f->count : avail);

			if (n >= sizeof(text))
				n = sizeof(text) - 1;
			memcpy(text, base + f->offset, n);
			text[n] = 0;
			if (json)
				tb_json_string(fp, text);
			else
				fputs(text, fp);
			continue;
		}
		/* pointers are hex numbers, which JSON cannot hold: quote them */
		if (f->count > 1)
			fputc('[', fp);
		for (size_t k = 0; k < f->count; k++) {
			if (k)
				fputc(json ? ',' : ' ', fp);
			if (json && f->kind == TB_FIELD_POINTER)
				fputc('"', fp);
			print_scalar(fp, f, base + f->offset + k * f->elem_size);
			if (json && f->kind == TB_FIELD_POINTER)
				fputc('"', fp);
		}
		if (f->count > 1)
			fputc(']', fp);
	}
	fputs(json ? "}\n" : "\n", fp);
}
