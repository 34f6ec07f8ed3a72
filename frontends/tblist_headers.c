/* tblist -v struct: a struct's layout from the kernel headers the tools compile against, where
 * there is no BTF (or with --types=headers, or BCC_KERNEL_SOURCE): a small program is compiled
 * against them with the loader's compile path and the layout read back from what the compiler
 * recorded, so the offsets are the ones a tool's program sees. Types come from the member's
 * declaration in the header. And a kernel function's declaration, searched for in the tree. */
#include <stdarg.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tracebox.h"
#include "tblist_types.h"

/* --- kernel headers: a struct ------------------------------------------------------------ */

/* libbcc's description of a table's key or value, as the compiler saw the type: a struct is
 * ["name", [FIELD...], "struct"|"struct_packed"|"union"], a field ["name", TYPE] with
 * [dimensions] or a bitfield's width after it, TYPE a string or a struct again. Pure. */
struct desc_field {
	char name[128];
	char type[128];  /* a scalar's type, or the struct's name */
	int record;      /* 0 scalar, 1 struct, 2 union */
	long dim;        /* first array dimension, -1 when not an array */
	int bitfield;    /* width in bits, 0 when not a bitfield */
	struct desc_field *members;
	int nmembers;
};

struct desc_parser {
	const char *p;
	int depth;
};

static void desc_free(struct desc_field *f)
{
	for (int i = 0; i < f->nmembers; i++)
		desc_free(&f->members[i]);
	free(f->members);
	f->members = NULL;
	f->nmembers = 0;
}

static void desc_space(struct desc_parser *d)
{
	while (*d->p == ' ' || *d->p == '\n' || *d->p == '\t')
		d->p++;
}

static bool desc_char(struct desc_parser *d, char c)
{
	desc_space(d);
	if (*d->p != c)
		return false;
	d->p++;
	return true;
}

static bool desc_string(struct desc_parser *d, char *out, size_t len)
{
	const char *end;

	if (!desc_char(d, '"'))
		return false;
	end = strchr(d->p, '"');
	if (!end)
		return false;
	snprintf(out, len, "%.*s", (int)(end - d->p), d->p);
	d->p = end + 1;
	return true;
}

static bool desc_number(struct desc_parser *d, long *v)
{
	char *end;

	desc_space(d);
	*v = strtol(d->p, &end, 10);
	if (end == d->p)
		return false;
	d->p = end;
	return true;
}

static bool desc_record(struct desc_parser *d, struct desc_field *f);
static bool desc_fields(struct desc_parser *d, struct desc_field *f);
static bool desc_kind(struct desc_parser *d, struct desc_field *f);

/* ["name", TYPE (, [dims] | , width)?], or an anonymous struct or union inline as
 * ["", [FIELD...], "union"] */
static bool desc_member(struct desc_parser *d, struct desc_field *f)
{
	memset(f, 0, sizeof(*f));
	f->dim = -1;
	if (!desc_char(d, '[') || !desc_string(d, f->name, sizeof(f->name)) || !desc_char(d, ','))
		return false;
	desc_space(d);
	if (*d->p == '[') {
		const char *next = d->p + 1 + strspn(d->p + 1, " \n\t");

		if (*next != '"')  /* a list of fields: an anonymous member inline */
			return desc_fields(d, f) && desc_char(d, ',') && desc_kind(d, f) &&
			       desc_char(d, ']');
		if (!desc_record(d, f))
			return false;
	} else if (!desc_string(d, f->type, sizeof(f->type))) {
		return false;
	}
	/* libbcc also describes the types met in an array's size expression, right after the
	 * member's own ("unsigned long""long""long" for BITS_TO_LONGS(NR_CPUS)): skipped */
	for (desc_space(d); *d->p == '"' || *d->p == '['; desc_space(d)) {
		char skip[128];
		struct desc_field other = { 0 };
		const char *next = d->p + 1 + strspn(d->p + 1, " \n\t");

		if (*d->p == '[' && *next != '"')
			break; /* the dimensions */
		if (*d->p == '"' ? !desc_string(d, skip, sizeof(skip)) : !desc_record(d, &other)) {
			desc_free(&other);
			return false;
		}
		desc_free(&other);
	}
	if (desc_char(d, ',')) {
		long v;

		if (desc_char(d, '[')) {
			if (!desc_number(d, &f->dim))
				return false;
			while (desc_char(d, ','))  /* further dimensions: BCC gives only the first */
				if (!desc_number(d, &v))
					return false;
			if (!desc_char(d, ']'))
				return false;
		} else if (desc_number(d, &v)) {
			f->bitfield = (int)v;
		} else {
			return false;
		}
	}
	return desc_char(d, ']');
}

/* "struct", "struct_packed" (libbcc added padding fields) or "union" */
static bool desc_kind(struct desc_parser *d, struct desc_field *f)
{
	char kind[32];

	if (!desc_string(d, kind, sizeof(kind)))
		return false;
	f->record = !strcmp(kind, "union") ? 2 : 1;
	return true;
}

/* ["name", [FIELD, ...], "kind"] into f's type, record and members */
static bool desc_record(struct desc_parser *d, struct desc_field *f)
{
	if (!desc_char(d, '[') || !desc_string(d, f->type, sizeof(f->type)) ||
	    !desc_char(d, ',') || !desc_fields(d, f) || !desc_char(d, ',') || !desc_kind(d, f))
		return false;
	return desc_char(d, ']');
}

/* [FIELD, ...] into f's members */
static bool desc_fields(struct desc_parser *d, struct desc_field *f)
{
	if (++d->depth > 32 || !desc_char(d, '['))
		return false;
	if (!desc_char(d, ']')) {
		do {
			struct desc_field *m = realloc(f->members, (f->nmembers + 1) * sizeof(*m));

			if (!m)
				return false;
			f->members = m;
			if (!desc_member(d, &m[f->nmembers]))
				return false;
			f->nmembers++;
		} while (desc_char(d, ','));
		if (!desc_char(d, ']'))
			return false;
	}
	d->depth--;
	return true;
}

/* A table's value description as a struct: 0, or -1 (then nothing is kept). */
static int desc_parse(const char *text, struct desc_field *out)
{
	struct desc_parser d = { text, 0 };

	memset(out, 0, sizeof(*out));
	out->dim = -1;
	if (desc_record(&d, out))
		return 0;
	desc_free(out);
	return -1;
}

static const struct desc_field *desc_find(const struct desc_field *rec, const char *name)
{
	for (int i = 0; i < rec->nmembers; i++)
		if (!strcmp(rec->members[i].name, name))
			return &rec->members[i];
	return NULL;
}

/* libbcc pads a struct's description with fields of its own ("__pad_3", "__pad_end") where the
 * compiler left holes: no member of the kernel's */
static bool desc_is_pad(const struct desc_field *f)
{
	const char *s = f->name;

	if (strncmp(s, "__pad_", 6))
		return false;
	s += 6;
	return !strcmp(s, "end") || (*s && s[strspn(s, "0123456789")] == 0);
}

/* Size in bytes of a C integer type spelled as the compiler describes a bitfield's type. */
static int int_type_size(const char *type)
{
	if (strstr(type, "long long") || strstr(type, "64"))
		return 8;
	if (strstr(type, "long"))
		return sizeof(long);
	if (strstr(type, "short") || strstr(type, "16"))
		return 2;
	if (strstr(type, "char") || strstr(type, "8") || !strcmp(type, "_Bool") || !strcmp(type, "bool"))
		return 1;
	return 4;
}

/* Calls fn for every member whose offset the compiler can give (not a pad, not a bitfield,
 * not anonymous), in order, anonymous structs' and unions' members included. */
static void desc_walk_named(const struct desc_field *rec,
			    void (*fn)(const struct desc_field *f, void *ctx), void *ctx)
{
	for (int i = 0; i < rec->nmembers; i++) {
		const struct desc_field *f = &rec->members[i];

		if (desc_is_pad(f))
			continue;
		if (!f->name[0] && f->record)
			desc_walk_named(f, fn, ctx);
		else if (f->name[0] && !f->bitfield)
			fn(f, ctx);
	}
}

/* The measured values of the named members, in desc_walk_named's order. */
struct measured {
	long *off, *size, *class;
	bool *flex; /* a flexible array member: no size */
	int n, next;
};

static void count_member(const struct desc_field *f, void *ctx)
{
	(void)f;
	(*(int *)ctx)++;
}

/* __builtin_classify_type's answer for a pointer */
#define TYPE_CLASS_POINTER 5

/* Rows of a struct described by rec, offsets and sizes from m (walked in the same order);
 * a bitfield's place by the x86-64/arm64 ABI (it starts at the next free bit unless that
 * would cross a unit of its type). end_bits gets where the last member ends. */
static int desc_rows(const struct desc_field *rec, struct measured *m, unsigned long base,
		     int depth, struct tblist_rows *rows, unsigned long *end_bits)
{
	unsigned long cur = base, end = base;

	for (int i = 0; i < rec->nmembers && depth < 16; i++) {
		const struct desc_field *f = &rec->members[i];
		struct tblist_row *r;
		int at;

		if (desc_is_pad(f))
			continue;
		if (rec->record == 2)
			cur = base; /* a union's members all start at its start */
		r = tblist_rows_add(rows);
		if (!r)
			return -1;
		at = (int)(r - rows->v);
		r->depth = depth;
		snprintf(r->name, sizeof(r->name), "%s", f->name);
		if (f->record)
			snprintf(r->type, sizeof(r->type), "%s %s", f->record == 2 ? "union" : "struct",
				 f->type[0] ? f->type : "{...}");
		else
			snprintf(r->type, sizeof(r->type), "%s", f->type);
		if (!f->name[0] && f->record) {
			/* anonymous: where its first member is, as large as its members reach
			 * (tail padding not counted: the compiler does not say it) */
			unsigned long sub_end = cur;
			int first = rows->n;

			if (desc_rows(f, m, cur, depth + 1, rows, &sub_end))
				return -1;
			r = &rows->v[at];
			r->bits = rows->n > first ? rows->v[first].bits : cur;
			r->bits -= r->bits % 8;
			r->size = (long)((sub_end - r->bits + 7) / 8);
			cur = sub_end;
		} else if (f->bitfield) {
			unsigned long unit = 8ul * int_type_size(f->type);

			if (cur / unit != (cur + f->bitfield - 1) / unit)
				cur = (cur + unit - 1) / unit * unit;
			r->bits = cur;
			r->bitfield = f->bitfield;
			r->size = int_type_size(f->type);
			cur += f->bitfield;
			/* an unnamed bitfield is padding ("long: 64;" in the BTF-made tree): it
			 * moves the next member, and is no member */
			if (!f->name[0])
				rows->n--;
		} else if (f->name[0] && m->next < m->n) {
			int k = m->next++;

			r->bits = m->off[k] * 8ul;
			r->size = m->size[k];
			if (m->flex && m->flex[k] && f->dim < 0)
				strncat(r->type, "[]", sizeof(r->type) - strlen(r->type) - 1);
			else if (m->class[k] == TYPE_CLASS_POINTER && f->dim < 0 && !f->record)
				snprintf(r->type, sizeof(r->type), "pointer");
			cur = r->bits + 8ul * r->size;
		} else {
			r->bits = cur;
			r->size = -1;
		}
		if (f->dim >= 0) {
			size_t n = strlen(r->type);

			snprintf(r->type + n, sizeof(r->type) - n, "[%ld]", f->dim);
		}
		if (cur > end)
			end = cur;
	}
	*end_bits = end;
	return 0;
}

/* --- kernel headers: types as the header writes them --------------------------------------- */

static bool ident_char(char c)
{
	return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/* In "TYPE *a, **b, c" (from start up to name at p): TYPE and the stars of the declarator at
 * p, as "TYPE **". false when it is anything else (a comma inside parentheses...). */
static bool multi_declarator_type(const char *start, const char *p, char *out, size_t len)
{
	const char *comma = memchr(start, ',', p - start), *last = comma, *q;
	int stars = 0, words = 0;
	char base[256] = "";

	for (q = comma; q < p; q++) {
		if (*q == ',')
			last = q;
		else if (*q != '*' && *q != ' ' && *q != '\t')
			return false;
	}
	for (q = last; q < p; q++)
		stars += *q == '*';
	/* the words before the first declarator's name, which is the last word before the
	 * first comma (its stars dropped) */
	q = comma;
	while (q > start && (q[-1] == ' ' || q[-1] == '\t'))
		q--;
	while (q > start && ident_char(q[-1]))
		q--;
	while (q > start && (q[-1] == ' ' || q[-1] == '\t' || q[-1] == '*'))
		q--;
	for (const char *r = start; r < q; r++) {
		if (!ident_char(*r) && *r != ' ' && *r != '\t')
			return false;
		if (ident_char(*r) && (r == start || !ident_char(r[-1]))) {
			if (words++)
				tblist_append(base, sizeof(base), " ");
		}
		if (ident_char(*r))
			tblist_append(base, sizeof(base), (char[]){ *r, 0 });
	}
	if (!words)
		return false;
	snprintf(out, len, "%s%s", base, stars ? " " : "");
	while (stars-- > 0)
		tblist_append(out, len, "*");
	return true;
}

/* The type a member's declaration line gives it in [body, end) ("const char *" for
 * "\tconst char *name;"), whitespace collapsed and the kernel's checker annotations dropped.
 * false when the member is not declared alone on a line of its own (macros, several names,
 * inline structs) or two declarations disagree (#ifdef variants). Pure. */
static bool text_member_type(const char *body, const char *end, const char *name, char *out,
			     size_t len)
{
	static const char *const dropped[] = { "__rcu", "__user", "__iomem", "__percpu",
					       "__force", "__private" };
	size_t n = strlen(name);
	bool found = false;

	if (!n)
		return false;
	for (const char *p = strstr(body, name); p && p + n <= end; p = strstr(p + 1, name)) {
		const char *start = p, *after = p + n;
		char type[256] = "", word[128];
		int w = 0;

		if ((p > body && ident_char(p[-1])) || ident_char(*after))
			continue;
		after += strspn(after, " \t");
		if (*after != ';' && *after != '[' && *after != ':' && *after != ',')
			continue;
		while (start > body && start[-1] != '\n' && start[-1] != '{' && start[-1] != ';')
			start--;
		if (memchr(start, ',', p - start)) {
			/* "struct list_head *next, *prev;": the first declarator's type words, then
			 * this one's own stars */
			if (!multi_declarator_type(start, p, type, sizeof(type)))
				continue;
			if (found && strcmp(out, type))
				return false;
			snprintf(out, len, "%s", type);
			found = true;
			continue;
		}
		/* the words before the name, each kept unless an annotation */
		for (const char *q = start; q <= p; q++) {
			if (q < p && (ident_char(*q))) {
				if (w < (int)sizeof(word) - 1)
					word[w++] = *q;
				continue;
			}
			if (w) {
				bool drop = false;

				word[w] = 0;
				for (size_t d = 0; d < sizeof(dropped) / sizeof(dropped[0]); d++)
					drop |= !strcmp(word, dropped[d]);
				if (!drop) {
					if (type[0])
						tblist_append(type, sizeof(type), " ");
					tblist_append(type, sizeof(type), word);
				}
				w = 0;
			}
			if (q == p)
				break;
			if (*q == '*') {
				tblist_append(type, sizeof(type), type[0] && type[strlen(type) - 1] == '*' ?
					       "*" : " *");
			} else if (*q != ' ' && *q != '\t') {
				type[0] = 0; /* anything else: not a plain declaration */
				break;
			}
		}
		if (!type[0] || type[0] == '*')
			return false;
		if (found && strcmp(out, type))
			return false;
		snprintf(out, len, "%s", type);
		found = true;
	}
	return found;
}

/* The text between "KW NAME {" and its closing brace in a header's text: [*body, *end). */
static bool text_struct_body(const char *text, const char *kw, const char *name,
			     const char **body, const char **end)
{
	char needle[200];
	int depth = 0;

	snprintf(needle, sizeof(needle), "%s %s {", kw, name);
	for (const char *p = strstr(text, needle); p; p = strstr(p + 1, needle)) {
		if (p > text && ident_char(p[-1]))
			continue;
		*body = p + strlen(needle);
		for (const char *q = *body; *q; q++) {
			if (*q == '{')
				depth++;
			else if (*q == '}' && depth-- == 0) {
				*end = q;
				return true;
			}
		}
		return false;
	}
	return false;
}

/* Rows' types as the header declares their members, where the compiler's view agrees (a
 * pointer is a pointer): libbcc's description says "unsigned long long" for a pointer and
 * loses typedefs. Pure. */
static void text_types(struct tblist_rows *rows, const char *body, const char *end)
{
	for (int i = 0; i < rows->n; i++) {
		struct tblist_row *r = &rows->v[i];
		char type[256], dims[64] = "";
		const char *bracket = strchr(r->type, '[');
		bool pointer = !strcmp(r->type, "pointer");

		if (!r->name[0] || !text_member_type(body, end, r->name, type, sizeof(type)))
			continue;
		if (bracket)
			snprintf(dims, sizeof(dims), "%s", bracket);
		else if (pointer != (strchr(type, '*') != NULL))
			continue;
		snprintf(r->type, sizeof(r->type), "%s%s", type, dims);
	}
}

/* --- kernel headers: compiling ----------------------------------------------------------- */

/* The header that defines "struct NAME {" (found by nftw below), as an #include name */
static struct {
	char needle[160];
	char found[512];  /* as an #include name */
	char path[4400];  /* the file */
} hdr_search;

static int find_definition(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	const char *inc;
	char *text;

	(void)st, (void)ftw;
	if (type != FTW_F || !strstr(path, ".h") || strcmp(path + strlen(path) - 2, ".h"))
		return 0;
	inc = strstr(path, "/include/");
	if (!inc)
		return 0;
	text = tb_read_text(path, "kernel header");
	if (!text)
		return 0;
	for (const char *p = strstr(text, hdr_search.needle); p; p = strstr(p + 1, hdr_search.needle)) {
		if (p == text || p[-1] == '\n' || p[-1] == ' ' || p[-1] == '\t') {
			inc += strlen("/include/");
			if (!strncmp(inc, "uapi/", 5))
				inc += 5;
			if (!strncmp(inc, "generated/uapi/", 15))
				inc += 15;
			else if (!strncmp(inc, "generated/", 10))
				inc += 10;
			snprintf(hdr_search.found, sizeof(hdr_search.found), "%s", inc);
			snprintf(hdr_search.path, sizeof(hdr_search.path), "%s", path);
			free(text);
			return 1;
		}
	}
	free(text);
	return 0;
}

/* The tree's header that defines the struct, as "linux/fs.h"; "" when not found. */
static void find_header(const char *tree, const char *kw, const char *name, char *out, size_t len)
{
	static const char *const dirs[] = { "include", "arch/x86/include", "arch/arm64/include",
					    "../source/include" };
	char dir[4400];

	out[0] = 0;
	if (!tree || !*tree)
		return;
	snprintf(hdr_search.needle, sizeof(hdr_search.needle), "%s %s {", kw, name);
	hdr_search.found[0] = 0;
	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]) && !hdr_search.found[0]; i++) {
		snprintf(dir, sizeof(dir), "%s/%s", tree, dirs[i]);
		if (!access(dir, R_OK))
			nftw(dir, find_definition, 16, FTW_PHYS);
	}
	snprintf(out, len, "%s", hdr_search.found);
}

/* Compiles source quietly and hands back table 0's value description (malloc'd), or NULL
 * with the compiler's first error line in err. */
#define SAID "(said)"

static char *compile_desc(const char *source, char *err, size_t err_len)
{
	int capture = tb_stderr_capture_begin();
	struct tb_prog *prog = tb_prog_compile_tool(source, "tblist-layout.bpf.c", NULL);
	char *said = tb_stderr_capture_end(capture), *desc = NULL;
	struct tb_table_info info;
	static bool warned;

	err[0] = 0;
	if (prog && tb_prog_table_count(prog) > 0 && !tb_prog_table_info(prog, 0, &info) &&
	    info.leaf_desc)
		desc = strdup(info.leaf_desc);
	/* the loader's own warnings (headers made for another kernel) are for the user: once */
	for (const char *w = said; w && !warned && (w = strstr(w, ": warning: ")); w++) {
		const char *start = w;

		while (start > said && start[-1] != '\n')
			start--;
		if (!strncmp(start, tb_log_tool(), strlen(tb_log_tool())) &&
		    tb_log_verbosity() < 1) {
			fprintf(stderr, "%.*s\n", (int)strcspn(start, "\n"), start);
			warned = true;
		}
	}
	if (!prog && said) {
		/* tb_prog_compile's own line names the first error: keep its reason alone */
		const char *line = strstr(said, "failed to compile");
		const char *colon = line ? strstr(line, "': ") : NULL;

		snprintf(err, err_len, "%.*s", colon ? (int)strcspn(colon + 3, "\n") : 0,
			 colon ? colon + 3 : "");
		/* failing before any compile (permissions, no headers): the loader's line is the
		 * one to show, and err says it was shown */
		if (tb_log_verbosity() >= 1 || !colon)
			fputs(said, stderr);
		if (!colon)
			snprintf(err, err_len, "%s", SAID);
	} else if (said && tb_log_verbosity() >= 1) {
		fputs(said, stderr);
	}
	free(said);
	tb_prog_destroy(prog);
	return desc;
}

static void append_source(char **src, size_t *len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void append_source(char **src, size_t *len, const char *fmt, ...)
{
	va_list ap;
	char *s = NULL;
	int n;

	va_start(ap, fmt);
	n = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (n < 0 || !*src) {
		free(*src);
		*src = NULL;
		return;
	}
	char *grown = realloc(*src, *len + n + 1);

	if (!grown) {
		free(*src);
		*src = NULL;
		free(s);
		return;
	}
	memcpy(grown + *len, s, n + 1);
	*len += n;
	*src = grown;
	free(s);
}

/* What the program includes: the defining header when found, else headers that define the
 * structs probes read most (the BTF-made tree needs none: every type is always there). */
static void append_includes(char **src, size_t *len, const char *header)
{
	static const char *const common[] = { "linux/sched.h", "linux/fs.h", "linux/mm_types.h",
					       "linux/skbuff.h", "net/sock.h", "linux/blkdev.h" };

	if (header[0]) {
		append_source(src, len, "#include <%s>\n", header);
		return;
	}
	for (size_t i = 0; i < sizeof(common) / sizeof(common[0]); i++)
		append_source(src, len, "#include <%s>\n", common[i]);
}

/* base-32 digits of a measured offset or size: up to 1 MiB */
#define TB_DIGITS 4

struct gen_ctx {
	char **src;
	size_t *len;
	const char *type;   /* "struct task_struct" */
	int i;
	bool fields;        /* the enum constants first, then the fields naming them */
	const bool *flex;   /* members sizeof refused: flexible arrays, measured as 0 */
};

static void gen_member(const struct desc_field *f, void *p)
{
	struct gen_ctx *g = p;
	int i = g->i++;

	if (g->fields) {
		/* each value as base-32 digits, every digit a bitfield one wider than it: libbcc
		 * describes a bitfield's width, and generates code per array element (an array
		 * as long as an offset took minutes for task_struct) */
		static const char what[] = "osk";

		for (int w = 0; w < 3; w++) {
			append_source(g->src, g->len, "\t");
			for (int digit = 0; digit < (w == 2 ? 1 : TB_DIGITS); digit++)
				append_source(g->src, g->len, "unsigned int %c%d_%d : ((tb_%c%d >> %d) & 31) + 1; ",
					      what[w], i, digit, what[w], i, 5 * digit);
			append_source(g->src, g->len, "\n");
		}
	} else
		append_source(g->src, g->len,
			      "\ttb_o%d = __builtin_offsetof(%s, %s),\n"
			      "\ttb_s%d = %s%s%s%s%s,\n"
			      "\ttb_k%d = __builtin_classify_type(((%s *)0)->%s),\n",
			      i, g->type, f->name, i, g->flex[i] ? "0" : "sizeof(((",
			      g->flex[i] ? "" : g->type, g->flex[i] ? "" : " *)0)->",
			      g->flex[i] ? "" : f->name, g->flex[i] ? "" : ")",
			      i, g->type, f->name);
}

/* A value gen_member wrote as digits: 0, or -1 when a digit is missing. */
static int read_value(const struct desc_field *rec, char what, int i, int digits, long *out)
{
	char key[32];

	*out = 0;
	for (int digit = 0; digit < digits; digit++) {
		const struct desc_field *f;

		snprintf(key, sizeof(key), "%c%d_%d", what, i, digit);
		f = desc_find(rec, key);
		if (!f || f->bitfield < 1)
			return -1;
		*out |= (long)(f->bitfield - 1) << (5 * digit);
	}
	return 0;
}

/* The layout of "struct NAME" (kw "struct" or "union") from the kernel headers: 0, or -1 after
 * one error line. */
int tblist_headers_layout(const char *kw, const char *name, struct tblist_rows *rows,
			  long *size, char *from, size_t from_len)
{
	struct tb_kheaders kh;
	char header[512], type[300], err[512];
	struct desc_field first = { 0 }, second = { 0 };
	const struct desc_field *rec, *size_f;
	struct measured m = { 0 };
	char *src = strdup(""), *desc = NULL;
	size_t len = 0;
	unsigned long end;
	int rc = -1, n = 0;

	tb_kheaders_choose(&kh);
	if (kh.kind == TB_KHEADERS_NONE) {
		tb_error("%s:%s: no BTF and no kernel headers to read its layout from (install the "
			 "headers of %s, or set BCC_KERNEL_SOURCE)", kw, name, "this kernel");
		goto out;
	}
	if (kh.kind == TB_KHEADERS_BTF)
		snprintf(from, from_len, "the kernel headers (the tree made from BTF)");
	else if (kh.kind == TB_KHEADERS_KHEADERS)
		snprintf(from, from_len, "the kernel headers (/sys/kernel/kheaders.tar.xz)");
	else
		snprintf(from, from_len, "the kernel headers at %s", kh.path);
	header[0] = 0;
	hdr_search.path[0] = 0;
	if (kh.kind != TB_KHEADERS_BTF && kh.kind != TB_KHEADERS_KHEADERS)
		find_header(kh.path, kw, name, header, sizeof(header));
	tb_info("%s %s: %s", kw, name, header[0] ? header : "no defining header found: "
		"compiling against the common ones");
	snprintf(type, sizeof(type), "%s %s", kw, name);

	/* first: the members as the compiler sees them, and the size */
	append_includes(&src, &len, header);
	append_source(&src, &len, "enum { tb_size = sizeof(%s) };\n"
		      "struct tb_layout { char size[tb_size][0]; %s v; char end; };\n"
		      "BPF_ARRAY(tb_layout, struct tb_layout, 1);\n", type, type);
	desc = src ? compile_desc(src, err, sizeof(err)) : NULL;
	if (!desc) {
		if (!strcmp(err, SAID))
			;
		else if (!src)
			tb_error("%s: out of memory", type);
		else if (strstr(err, "incomplete") || strstr(err, "undeclared"))
			tb_error("%s: not defined in %s (%s)", type, from,
				 header[0] ? header : "no header defines it as '{ ...': looked in the "
				 "common ones");
		else
			tb_error("%s: failed to compile against %s: %s", type, from,
				 err[0] ? err : "rerun with -v for the compiler's output");
		goto out;
	}
	if (desc_parse(desc, &first) || !(size_f = desc_find(&first, "size")) ||
	    !(rec = desc_find(&first, "v")) || !rec->record) {
		tb_error("%s: libbcc described it in a way tblist does not read: %.80s", type, desc);
		goto out;
	}
	*size = size_f->dim;
	if (*size >= 1l << (5 * TB_DIGITS)) {
		tb_error("%s: %ld bytes: tblist measures structs up to 1 MiB from the headers", type,
			 *size);
		goto out;
	}

	/* second: the offset, size and kind of each member with a name, as enum constants whose
	 * values come back as array dimensions */
	free(src);
	free(desc);
	desc = NULL;
	src = strdup("");
	len = 0;
	desc_walk_named(rec, count_member, &n);
	m.flex = calloc(n + 1, sizeof(bool));
	/* a flexible array member ("char name[];") has no sizeof: the compiler's error names its
	 * line, and the next try measures it as 0 (a struct has few of them) */
	for (int tries = 0; m.flex && tries < 8; tries++) {
		long line = 0, k;
		const char *at;

		free(src);
		src = strdup("");
		len = 0;
		append_includes(&src, &len, header);
		append_source(&src, &len, "enum {\n");
		desc_walk_named(rec, gen_member,
				&(struct gen_ctx){ &src, &len, type, 0, false, m.flex });
		append_source(&src, &len, "\ttb_none\n};\nstruct tb_values {\n\tchar pad;\n");
		desc_walk_named(rec, gen_member,
				&(struct gen_ctx){ &src, &len, type, 0, true, m.flex });
		append_source(&src, &len, "};\nBPF_ARRAY(tb_values, struct tb_values, 1);\n");
		desc = src ? compile_desc(src, err, sizeof(err)) : NULL;
		if (desc || !src || !strstr(err, "incomplete type") ||
		    sscanf(err, "tblist-layout.bpf.c:%ld:", &line) != 1)
			break;
		at = src;
		for (long l = 1; l < line && at; l++)
			at = strchr(at, '\n') ? strchr(at, '\n') + 1 : NULL;
		if (!at || sscanf(at, "\ttb_s%ld = sizeof", &k) != 1 || k < 0 || k >= n || m.flex[k])
			break;
		m.flex[k] = true;
	}
	if ((!desc && strcmp(err, SAID)) || (desc && desc_parse(desc, &second))) {
		tb_error("%s: failed to measure its members against %s: %s", type, from,
			 err[0] ? err : "rerun with -v for the compiler's output");
		goto out;
	}
	if (!desc)
		goto out;
	m.off = calloc(n + 1, sizeof(long));
	m.size = calloc(n + 1, sizeof(long));
	m.class = calloc(n + 1, sizeof(long));
	if (!m.off || !m.size || !m.class)
		goto out;
	for (int i = 0; i < n; i++) {
		if (read_value(&second, 'o', i, TB_DIGITS, &m.off[i]) ||
		    read_value(&second, 's', i, TB_DIGITS, &m.size[i]) ||
		    read_value(&second, 'k', i, 1, &m.class[i]))
			break;
		m.n = i + 1;
	}
	rc = desc_rows(rec, &m, 0, 0, rows, &end);
	/* the BTF-made tree has every type in one file (made by the compile, so found now) */
	if (kh.kind == TB_KHEADERS_BTF &&
	    !tb_btf_tree_ensure(tb_cache_root(), hdr_search.path, sizeof(hdr_search.path)))
		tblist_append(hdr_search.path, sizeof(hdr_search.path), "/include/tb/vmlinux.h");
	if (!rc && hdr_search.path[0] && !access(hdr_search.path, R_OK)) {
		char *text = tb_read_text(hdr_search.path, "kernel header");
		const char *body, *body_end;

		if (text && text_struct_body(text, kw, name, &body, &body_end))
			text_types(rows, body, body_end);
		free(text);
	}
out:
	desc_free(&first);
	desc_free(&second);
	free(m.off);
	free(m.size);
	free(m.class);
	free(m.flex);
	free(src);
	free(desc);
	return rc;
}

/* Best effort without BTF: the first declaration "NAME(" at the start of a statement in the
 * header tree, printed as found. */
static struct {
	char needle[160];
	char decl[512];
	char file[512];
} decl_search;

static int find_declaration(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	char *text;

	(void)st, (void)ftw;
	if (type != FTW_F || strcmp(path + strlen(path) - 2, ".h"))
		return 0;
	text = tb_read_text(path, "kernel header");
	if (!text)
		return 0;
	for (char *p = strstr(text, decl_search.needle); p; p = strstr(p + 1, decl_search.needle)) {
		char *start = p, *end;

		if (p > text && (p[-1] == '_' || (p[-1] >= 'a' && p[-1] <= 'z') ||
				 (p[-1] >= 'A' && p[-1] <= 'Z') || (p[-1] >= '0' && p[-1] <= '9')))
			continue;
		/* the line it is on, from its start; a declaration ends with ");" */
		while (start > text && start[-1] != '\n')
			start--;
		if (*start == '#' || *start == ' ' || *start == '\t' || *start == '*' ||
		    !strncmp(start, "//", 2) || !strncmp(start, "/*", 2))
			continue;
		end = strchr(p, ';');
		if (!end || end - start > 400 || memchr(start, '{', end - start) ||
		    memchr(start, '=', end - start))
			continue;
		snprintf(decl_search.decl, sizeof(decl_search.decl), "%.*s;", (int)(end - start),
			 start);
		for (char *c = decl_search.decl; *c; c++)
			if (*c == '\n' || *c == '\t')
				*c = ' ';
		snprintf(decl_search.file, sizeof(decl_search.file), "%s", path);
		free(text);
		return 1;
	}
	free(text);
	return 0;
}

void tblist_headers_prototype(const char *func)
{
	struct tb_kheaders kh;
	char dir[4400];

	tb_kheaders_choose(&kh);
	if (!kh.path[0] || kh.kind == TB_KHEADERS_BTF)
		return;
	snprintf(decl_search.needle, sizeof(decl_search.needle), "%s(", func);
	decl_search.decl[0] = 0;
	/* Debian splits a tree: build/ has the generated files and ../source the rest */
	for (int i = 0; i < 2 && !decl_search.decl[0]; i++) {
		snprintf(dir, sizeof(dir), "%s%s/include", kh.path, i ? "/../source" : "");
		if (!access(dir, R_OK))
			nftw(dir, find_declaration, 16, FTW_PHYS);
	}
	if (decl_search.decl[0])
		printf("    (declared in %s, a best effort: may not match how this kernel was "
		       "built) %s\n", decl_search.file + strlen(kh.path) + 1, decl_search.decl);
}

