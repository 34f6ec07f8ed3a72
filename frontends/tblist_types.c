/* tblist -v for kernel functions and structs: a function's prototype from the kernel's BTF, and
 * a struct's members with their offsets and sizes from BTF or, without it (or with
 * --types=headers), from the kernel headers the tools compile against (tblist_headers.c). */
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bpf/btf.h>

#include "tracebox.h"
#include "tblist_types.h"

#define BTF_VMLINUX "/sys/kernel/btf/vmlinux"
/* -v prints this many prototypes or layouts per pattern, then names alone: a wildcard that
 * matches thousands of functions is a list to narrow, not to read */
#define TBLIST_DETAIL_CAP 100

enum types_from { FROM_AUTO, FROM_BTF, FROM_HEADERS };

static struct {
	enum types_from from;
	struct btf *btf; /* vmlinux's, loaded at first use */
	bool btf_tried;
	int detailed, capped; /* -v details printed and left out for the current pattern */
} types;

/* --types=auto|btf|headers. 0, or -1 for another word. */
int tblist_types_from(const char *arg)
{
	if (!strcmp(arg, "auto"))
		types.from = FROM_AUTO;
	else if (!strcmp(arg, "btf"))
		types.from = FROM_BTF;
	else if (!strcmp(arg, "headers"))
		types.from = FROM_HEADERS;
	else
		return -1;
	return 0;
}

static struct btf *vmlinux_btf(void)
{
	if (!types.btf_tried) {
		types.btf_tried = true;
		/* checked first: libbpf would look through /boot and print its own warnings */
		if (!access(BTF_VMLINUX, R_OK))
			types.btf = btf__parse(BTF_VMLINUX, NULL);
	}
	return types.btf;
}

/* --- the rows printed for a struct (pure: unit-tested) ------------------------------------ */

struct tblist_row *tblist_rows_add(struct tblist_rows *rows)
{
	if (rows->n == rows->cap) {
		int cap = rows->cap ? rows->cap * 2 : 64;
		struct tblist_row *v = realloc(rows->v, cap * sizeof(*v));

		if (!v)
			return NULL;
		rows->v = v;
		rows->cap = cap;
	}
	memset(&rows->v[rows->n], 0, sizeof(rows->v[0]));
	return &rows->v[rows->n++];
}

#define ROW_HEADER "    OFFSET   SIZE  TYPE NAME"

/* "    OFFSET   SIZE  TYPE NAME": OFFSET in bytes, BYTE:BIT for a bitfield (or any member not
 * on a byte); SIZE in bytes, :WIDTH in bits for a bitfield, as C writes one; the members of an
 * anonymous struct or union indented under it. */
static void tblist_format_row(const struct tblist_row *r, char *out, size_t len)
{
	char off[32], size[32];

	if (r->bitfield || r->bits % 8)
		snprintf(off, sizeof(off), "%lu:%lu", r->bits / 8, r->bits % 8);
	else
		snprintf(off, sizeof(off), "%lu", r->bits / 8);
	if (r->bitfield)
		snprintf(size, sizeof(size), ":%d", r->bitfield);
	else if (r->size < 0)
		snprintf(size, sizeof(size), "?");
	else
		snprintf(size, sizeof(size), "%ld", r->size);
	snprintf(out, len, "    %6s %6s  %*s%s%s%s", off, size, r->depth * 2, "", r->type,
		 r->name[0] ? " " : "", r->name);
}

/* The rows under a "struct:NAME" line, then the total size and where the layout came from. */
static void print_rows(const struct tblist_rows *rows, long size, const char *from)
{
	char line[512];

	printf("%s\n", ROW_HEADER);
	for (int i = 0; i < rows->n; i++) {
		tblist_format_row(&rows->v[i], line, sizeof(line));
		printf("%s\n", line);
	}
	printf("    size %ld, from %s\n", size, from);
}

/* --- BTF ---------------------------------------------------------------------------------- */

void tblist_append(char *out, size_t len, const char *s)
{
	size_t n = strlen(out);

	if (n < len)
		snprintf(out + n, len - n, "%s", s);
}

static void btf_type_text(const struct btf *btf, __u32 id, char *out, size_t len, int depth);

/* "int, struct filename *" for a FUNC_PROTO's parameters, "..." for varargs */
static void btf_params_text(const struct btf *btf, const struct btf_type *proto, char *out,
			    size_t len, int depth)
{
	const struct btf_param *p = btf_params(proto);
	char one[256];

	for (int i = 0; i < btf_vlen(proto); i++) {
		if (i)
			tblist_append(out, len, ", ");
		if (!p[i].type && i == btf_vlen(proto) - 1) {
			tblist_append(out, len, "...");
			continue;
		}
		one[0] = 0;
		btf_type_text(btf, p[i].type, one, sizeof(one), depth + 1);
		tblist_append(out, len, one);
	}
	if (!btf_vlen(proto))
		tblist_append(out, len, "void");
}

/* How C spells type id without a declarator name, appended to out: "const char *",
 * "struct filename *", "char[16]", "void (*)(struct callback_head *)", "struct {...}" for an
 * anonymous struct (its members are listed apart). */
static void btf_type_text(const struct btf *btf, __u32 id, char *out, size_t len, int depth)
{
	const struct btf_type *t = btf__type_by_id(btf, id);
	const char *name;
	char inner[512] = "";

	if (!id) {
		tblist_append(out, len, "void");
		return;
	}
	if (!t || depth > 16) {
		tblist_append(out, len, "?");
		return;
	}
	name = btf__name_by_offset(btf, t->name_off);
	if (!name)
		name = "";
	switch (btf_kind(t)) {
	case BTF_KIND_INT:
	case BTF_KIND_FLOAT:
	case BTF_KIND_TYPEDEF:
		tblist_append(out, len, name);
		break;
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64:
	case BTF_KIND_FWD: {
		bool is_union = btf_is_union(t) || (btf_is_fwd(t) && btf_kflag(t));
		const char *kw = btf_is_enum(t) || btf_is_enum64(t) ? "enum" :
				 is_union ? "union" : "struct";

		tblist_append(out, len, kw);
		tblist_append(out, len, " ");
		tblist_append(out, len, *name ? name : "{...}");
		break;
	}
	case BTF_KIND_PTR: {
		const struct btf_type *to = btf__type_by_id(btf, t->type);

		if (to && btf_is_func_proto(to)) {
			/* a function pointer: "RET (*)(PARAMS)" */
			btf_type_text(btf, to->type, inner, sizeof(inner), depth + 1);
			tblist_append(inner, sizeof(inner), " (*)(");
			btf_params_text(btf, to, inner, sizeof(inner), depth);
			tblist_append(inner, sizeof(inner), ")");
		} else {
			btf_type_text(btf, t->type, inner, sizeof(inner), depth + 1);
			tblist_append(inner, sizeof(inner), inner[0] && inner[strlen(inner) - 1] == '*' ?
				       "*" : " *");
		}
		tblist_append(out, len, inner);
		break;
	}
	case BTF_KIND_CONST:
	case BTF_KIND_VOLATILE: {
		const char *q = btf_is_const(t) ? "const" : "volatile";
		const struct btf_type *to = btf__type_by_id(btf, t->type);

		btf_type_text(btf, t->type, inner, sizeof(inner), depth + 1);
		/* a const pointer is "char * const"; a pointer to const is "const char *" */
		if (to && btf_is_ptr(to)) {
			tblist_append(out, len, inner);
			tblist_append(out, len, " ");
			tblist_append(out, len, q);
		} else {
			/* an array of const elements may be const itself: said once */
			if (strncmp(inner, q, strlen(q)) || inner[strlen(q)] != ' ') {
				tblist_append(out, len, q);
				tblist_append(out, len, " ");
			}
			tblist_append(out, len, inner);
		}
		break;
	}
	case BTF_KIND_ARRAY: {
		/* "int[2][3]": the element type, then every dimension from the outside in */
		char dims[128] = "";
		__u32 elem = id;

		for (const struct btf_type *a = t; a && btf_is_array(a) && strlen(dims) < 100;
		     a = btf__type_by_id(btf, elem)) {
			char d[32];

			snprintf(d, sizeof(d), "[%u]", btf_array(a)->nelems);
			tblist_append(dims, sizeof(dims), d);
			elem = btf_array(a)->type;
		}
		btf_type_text(btf, elem, inner, sizeof(inner), depth + 1);
		tblist_append(out, len, inner);
		tblist_append(out, len, dims);
		break;
	}
	case BTF_KIND_FUNC_PROTO:
		btf_type_text(btf, t->type, inner, sizeof(inner), depth + 1);
		tblist_append(inner, sizeof(inner), " (");
		btf_params_text(btf, t, inner, sizeof(inner), depth);
		tblist_append(inner, sizeof(inner), ")");
		tblist_append(out, len, inner);
		break;
	default: /* restrict, type tags: the type they qualify */
		btf_type_text(btf, t->type, out, len, depth + 1);
		break;
	}
}

/* The members of struct or union t as rows, anonymous ones' members under them. */
static int btf_struct_rows(const struct btf *btf, const struct btf_type *t, unsigned long base,
			   int depth, struct tblist_rows *rows)
{
	const struct btf_member *m = btf_members(t);

	for (int i = 0; i < btf_vlen(t) && depth < 16; i++) {
		const struct btf_type *mt = btf__type_by_id(btf, m[i].type);
		const char *name = btf__name_by_offset(btf, m[i].name_off);
		struct tblist_row *r = tblist_rows_add(rows);
		__s64 size;

		if (!r)
			return -1;
		r->depth = depth;
		r->bits = base + btf_member_bit_offset(t, i);
		r->bitfield = btf_member_bitfield_size(t, i);
		size = btf__resolve_size(btf, m[i].type);
		r->size = size < 0 ? -1 : size;
		btf_type_text(btf, m[i].type, r->type, sizeof(r->type), 0);
		snprintf(r->name, sizeof(r->name), "%s", name ? name : "");
		if (!r->name[0] && mt && (btf_is_struct(mt) || btf_is_union(mt)) &&
		    btf_struct_rows(btf, mt, r->bits, depth + 1, rows))
			return -1;
	}
	return 0;
}

/* The parameters of a kernel function, one "    TYPE NAME" line each, then its return type as
 * "    TYPE retval" (what a kretprobe reads). 0, or -1 when BTF has no such function. */
static int btf_print_prototype(const struct btf *btf, const char *func)
{
	int id = btf__find_by_name_kind(btf, func, BTF_KIND_FUNC);
	const struct btf_type *fn = id > 0 ? btf__type_by_id(btf, id) : NULL;
	const struct btf_type *proto = fn ? btf__type_by_id(btf, fn->type) : NULL;
	const struct btf_param *p;

	if (!proto || !btf_is_func_proto(proto))
		return -1;
	p = btf_params(proto);
	for (int i = 0; i < btf_vlen(proto); i++) {
		char type[512] = "";
		const char *name = btf__name_by_offset(btf, p[i].name_off);

		if (!p[i].type) {
			printf("    ...\n");
			continue;
		}
		btf_type_text(btf, p[i].type, type, sizeof(type), 0);
		printf("    %s %s\n", type, name && *name ? name : "(unnamed)");
	}
	if (proto->type) {
		char type[512] = "";

		btf_type_text(btf, proto->type, type, sizeof(type), 0);
		printf("    %s retval\n", type);
	}
	return 0;
}

/* --- what tblist.c calls ----------------------------------------------------------------- */

/* Where layouts come from: BTF unless asked for headers or BCC_KERNEL_SOURCE points the tools
 * at a tree (then that tree's offsets are what they see). */
static bool layouts_from_btf(void)
{
	/* read once: a compile against the BTF-made tree sets it for libbcc */
	static int env = -1;

	if (env < 0)
		env = getenv("BCC_KERNEL_SOURCE") && *getenv("BCC_KERNEL_SOURCE");
	if (types.from == FROM_HEADERS || (types.from == FROM_AUTO && env))
		return false;
	return vmlinux_btf() != NULL;
}

/* A new pattern: its own cap on details. */
void tblist_types_pattern_start(void)
{
	types.detailed = 0;
	types.capped = 0;
}

/* After a pattern: says on stderr what the cap left out. */
void tblist_types_pattern_end(const char *pattern)
{
	if (types.capped)
		fprintf(stderr, "%s: -v: details of the first %d matches of '%s' shown, %d more "
			"listed by name: narrow the pattern\n", tb_log_tool(), TBLIST_DETAIL_CAP,
			pattern, types.capped);
}

static bool detail_allowed(void)
{
	if (types.detailed >= TBLIST_DETAIL_CAP) {
		types.capped++;
		return false;
	}
	types.detailed++;
	return true;
}

/* The lines under "kprobe:NAME" with -v. */
void tblist_print_prototype(const char *func)
{
	struct btf *btf;

	if (!detail_allowed())
		return;
	btf = types.from == FROM_HEADERS ? NULL : vmlinux_btf();
	if (btf) {
		if (btf_print_prototype(btf, func))
			printf("    (no prototype: '%s' is not in the kernel's BTF, which leaves out "
			       "static, inlined and modules' functions)\n", func);
		return;
	}
	if (types.from == FROM_HEADERS)
		printf("    (no prototype: --types=headers reads the kernel headers, which do not "
		       "declare every function)\n");
	else
		printf("    (no prototype: that needs BTF, which this kernel lacks (" BTF_VMLINUX
		       "); the kernel headers do not declare every function)\n");
	tblist_headers_prototype(func);
}

static int compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* One struct's -v lines; 0 or -1 after one error line */
static int print_layout(const char *kw, const char *name)
{
	struct tblist_rows rows = { 0 };
	struct btf *btf;
	char from[4200];
	long size = 0;
	int rc;

	if (types.from == FROM_BTF && !vmlinux_btf()) {
		tb_error("%s %s: --types=btf, but this kernel has no BTF (%s): use --types=headers",
			 kw, name, BTF_VMLINUX);
		return -1;
	}
	if (layouts_from_btf()) {
		int kind = !strcmp(kw, "union") ? BTF_KIND_UNION : BTF_KIND_STRUCT;
		int id;
		const struct btf_type *t;

		btf = vmlinux_btf();
		id = btf__find_by_name_kind(btf, name, kind);
		t = id > 0 ? btf__type_by_id(btf, id) : NULL;
		if (!t) {
			tb_error("%s %s: not in the kernel's BTF (tblist '%s:*%s*' lists the names "
				 "near it)", kw, name, kw, name);
			return -1;
		}
		rc = btf_struct_rows(btf, t, 0, 0, &rows);
		size = t->size;
		snprintf(from, sizeof(from), "BTF (%s)", BTF_VMLINUX);
	} else {
		rc = tblist_headers_layout(kw, name, &rows, &size, from, sizeof(from));
	}
	if (!rc) {
		printf("%s:%s\n", kw, name);
		print_rows(&rows, size, from);
	}
	free(rows.v);
	return rc;
}

/* "struct:PATTERN" (kw "struct" or "union"): the names matching it, each with its layout under
 * -v. How many matched, or -1. */
int tblist_list_structs(const char *kw, const char *pattern, bool verbose)
{
	struct btf *btf = vmlinux_btf();
	bool wild = strpbrk(pattern, "*?[") != NULL;
	char **names = NULL;
	int n = 0, found = 0, err = 0;

	if (!*pattern) {
		tb_error("invalid pattern '%s:': expected %s:NAME (wildcards with BTF)", kw, kw);
		return -1;
	}
	/* a name needs no list: its layout from wherever layouts come from */
	if (!wild) {
		if (pattern[strspn(pattern, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
				   "0123456789_")]) {
			tb_error("invalid %s name '%s': expected a C identifier or a wildcard", kw,
				 pattern);
			return -1;
		}
		/* without -v a name is checked against BTF when there is BTF (without it, only a
		 * compile would tell: -v does that) */
		if (!verbose) {
			if (btf && btf__find_by_name_kind(btf, pattern, !strcmp(kw, "union") ?
							  BTF_KIND_UNION : BTF_KIND_STRUCT) <= 0)
				return 0;
			printf("%s:%s\n", kw, pattern);
			return 1;
		}
		return print_layout(kw, pattern) ? -1 : 1;
	}
	if (!btf) {
		tb_error("'%s:%s': listing structs by a wildcard needs the kernel's BTF (%s); name "
			 "one instead", kw, pattern, BTF_VMLINUX);
		return -1;
	}
	/* the names are the running kernel's; layouts from a header tree are one compile each */
	if (verbose && !layouts_from_btf()) {
		tb_error("'%s:%s': -v with layouts from the kernel headers takes one name, not a "
			 "wildcard (list the names without -v)", kw, pattern);
		return -1;
	}
	for (__u32 id = 1; id < btf__type_cnt(btf); id++) {
		const struct btf_type *t = btf__type_by_id(btf, id);
		const char *name = btf__name_by_offset(btf, t->name_off);
		char **grown;

		if (!(!strcmp(kw, "union") ? btf_is_union(t) : btf_is_struct(t)) || !name || !*name ||
		    fnmatch(pattern, name, 0))
			continue;
		grown = realloc(names, (n + 1) * sizeof(*names));
		if (!grown)
			break;
		names = grown;
		names[n++] = (char *)name;
	}
	qsort(names, n, sizeof(*names), compare_names);
	for (int i = 0; i < n && !err; i++) {
		if (i && !strcmp(names[i], names[i - 1]))
			continue;
		found++;
		if (verbose && detail_allowed())
			err = print_layout(kw, names[i]) != 0;
		else
			printf("%s:%s\n", kw, names[i]);
	}
	free(names);
	return err ? -1 : found;
}

void tblist_types_free(void)
{
	btf__free(types.btf);
	types.btf = NULL;
	types.btf_tried = false;
}
