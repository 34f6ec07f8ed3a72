/* A vmlinux.h of only the kernel types one program can reach, so that clang parses a few
 * hundred declarations instead of the whole kernel's (docs/architecture.md, "Cold start").
 *
 * What a program can reach is found from its words, not by parsing it: every identifier of
 * its text, of its -D flags, of libbcc's own headers (data/libbcc_idents.txt), of the format
 * files of its TRACEPOINT_PROBEs (libbcc writes their args struct with the format's field
 * types: sector_t, enum skb_drop_reason) and of the macros those name. A struct, union, enum or typedef of that name is kept whole, and so is
 * an enum one of whose constants is named. Then, for every struct kept whole, a member whose
 * name the program uses is followed to the struct it points to, which is kept whole too
 * (t->mm->arg_start needs mm_struct, a word the text never writes). btf_dump writes each kept
 * type with what it depends on; a struct reached only through a pointer gets a forward
 * declaration. Over-reaching costs only time; under-reaching fails the compile, which is then
 * retried with the whole tree (program.c): never a wrong layout, since every type comes from
 * the same BTF as the whole dump. */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bpf/btf.h>

#include "tb_btf_prune.h"
#include "tb_log.h"
#include "tb_object.h"
#include "tb_tp_format.h"

#define BTF_VMLINUX "/sys/kernel/btf/vmlinux"

/* Embedded at build time: the identifiers of libbcc's helpers.h, bpf_workaround.h and
 * proto.h, which every program includes (scripts/libbcc-idents.sh remakes the list). */
extern const char tb_libbcc_idents[];

/* An open-addressing set of words, sized for a program and its macros. */
struct words {
	char **slot;
	size_t cap, n;
};

static char **find_slot(const struct words *w, const char *s, size_t len)
{
	size_t i = tb_fnv1a(0xcbf29ce484222325ULL, s, len) & (w->cap - 1);

	while (w->slot[i] && (strncmp(w->slot[i], s, len) || w->slot[i][len]))
		i = (i + 1) & (w->cap - 1);
	return &w->slot[i];
}

static bool words_has(const struct words *w, const char *s)
{
	return w->cap && s && *s && *find_slot(w, s, strlen(s));
}

/* 1 when added, 0 when already there, -1 out of memory */
static int words_add(struct words *w, const char *s, size_t len)
{
	char **slot;

	if ((w->n + 1) * 2 > w->cap) {
		struct words grown = { calloc(w->cap ? w->cap * 2 : 4096, sizeof(char *)),
				       w->cap ? w->cap * 2 : 4096, 0 };

		if (!grown.slot)
			return -1;
		for (size_t i = 0; i < w->cap; i++)
			if (w->slot[i])
				*find_slot(&grown, w->slot[i], strlen(w->slot[i])) = w->slot[i],
					grown.n++;
		free(w->slot);
		*w = grown;
	}
	slot = find_slot(w, s, len);
	if (*slot)
		return 0;
	*slot = strndup(s, len);
	if (!*slot)
		return -1;
	w->n++;
	return 1;
}

static void words_free(struct words *w)
{
	for (size_t i = 0; i < w->cap; i++)
		free(w->slot[i]);
	free(w->slot);
}

static bool ident_start(char c)
{
	return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool ident_char(char c)
{
	return ident_start(c) || (c >= '0' && c <= '9');
}

/* Adds the identifiers of text[0..len) to w, skipping comments, string and character
 * literals and numbers (0x1fULL is not a word). */
static int add_words(struct words *w, const char *text, size_t len)
{
	const char *p = text, *end = text + len;

	while (p < end) {
		if (p + 1 < end && p[0] == '/' && p[1] == '*') {
			const char *close = p + 2;

			while (close + 1 < end && !(close[0] == '*' && close[1] == '/'))
				close++;
			p = close + 2;
		} else if (p + 1 < end && p[0] == '/' && p[1] == '/') {
			while (p < end && *p != '\n')
				p++;
		} else if (*p == '"' || *p == '\'') {
			char quote = *p++;

			while (p < end && *p != quote && *p != '\n')
				p += *p == '\\' ? 2 : 1;
			p++;
		} else if (ident_start(*p)) {
			const char *start = p;

			while (p < end && ident_char(*p))
				p++;
			if (words_add(w, start, p - start) < 0)
				return -1;
		} else if (*p >= '0' && *p <= '9') {
			while (p < end && ident_char(*p))
				p++;
		} else {
			p++;
		}
	}
	return 0;
}

/* The field lines of each TRACEPOINT_PROBE(category, event)'s format file. */
static int add_tracepoint_words(struct words *w, const char *text)
{
	static const char probe[] = "TRACEPOINT_PROBE(";

	for (const char *p = strstr(text, probe); p; p = strstr(p + 1, probe)) {
		char cat[128], event[128], tp[260], *format;

		if (sscanf(p + sizeof(probe) - 1, " %127[A-Za-z0-9_] , %127[A-Za-z0-9_]", cat,
			   event) != 2)
			continue;
		snprintf(tp, sizeof(tp), "%s:%s", cat, event);
		format = tb_tp_format_read(tp);
		if (!format)
			continue; /* the compile will say the tracepoint is missing */
		for (char *line = strstr(format, "field:"); line; line = strstr(line + 1, "field:"))
			if (add_words(w, line, strcspn(line, "\n"))) {
				free(format);
				return -1;
			}
		free(format);
	}
	return 0;
}

/* Macro bodies of a header: name -> the text after it on its #define line(s). */
struct macro {
	char *name;
	const char *body;
	size_t len;
};

struct macros {
	struct macro *m;
	size_t n;
	char *text[4]; /* the files' texts, which the bodies point into */
	int ntext;
};

static int read_macros(const char *path, struct macros *out)
{
	FILE *f = fopen(path, "re");
	size_t len = 0, cap = 0;
	char *text = NULL, buf[65536];
	size_t n;

	if (!f)
		return 0; /* a tree without it: nothing to follow */
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0) {
		if (len + n + 1 > cap) {
			char *grown = realloc(text, cap = (len + n + 1) * 2);

			if (!grown) {
				free(text);
				fclose(f);
				return -1;
			}
			text = grown;
		}
		memcpy(text + len, buf, n);
		len += n;
	}
	fclose(f);
	if (!text)
		return 0;
	text[len] = 0;
	if (out->ntext == sizeof(out->text) / sizeof(out->text[0])) {
		free(text);
		return -1;
	}
	out->text[out->ntext++] = text;
	for (char *line = text; line && *line; ) {
		char *next = line, *name, *body;
		struct macro *grown;

		/* a logical line: continuation backslashes join the next one */
		while ((next = strchr(next, '\n')) && next > line && next[-1] == '\\')
			next++;
		if (next)
			*next++ = 0;
		name = line + strspn(line, " \t");
		if (!strncmp(name, "#define", 7) && (name[7] == ' ' || name[7] == '\t')) {
			name += 8 + strspn(name + 8, " \t");
			body = name;
			while (ident_char(*body))
				body++;
			grown = realloc(out->m, (out->n + 1) * sizeof(*out->m));
			if (!grown)
				return -1;
			out->m = grown;
			out->m[out->n].name = strndup(name, body - name);
			out->m[out->n].body = body;
			out->m[out->n].len = strlen(body);
			if (!out->m[out->n].name)
				return -1;
			out->n++;
		}
		line = next;
	}
	return 0;
}

static void macros_free(struct macros *m)
{
	for (size_t i = 0; i < m->n; i++)
		free(m->m[i].name);
	free(m->m);
	for (int i = 0; i < m->ntext; i++)
		free(m->text[i]);
}

/* Grows the word set with the bodies of the macros it names, until nothing new comes. */
static int follow_macros(struct words *w, const struct macros *m)
{
	bool *used = calloc(m->n + 1, sizeof(bool));
	bool grew = true;

	if (!used)
		return -1;
	while (grew) {
		grew = false;
		for (size_t i = 0; i < m->n; i++) {
			size_t before = w->n;

			if (used[i] || !words_has(w, m->m[i].name))
				continue;
			used[i] = true;
			if (add_words(w, m->m[i].body, m->m[i].len)) {
				free(used);
				return -1;
			}
			grew = grew || w->n != before;
		}
	}
	free(used);
	return 0;
}

/* The struct or union a member's type leads to through typedefs, qualifiers, pointers and
 * arrays; 0 for anything else. */
static __u32 aggregate_of(const struct btf *btf, __u32 id)
{
	for (int depth = 0; id && depth < 32; depth++) {
		const struct btf_type *t = btf__type_by_id(btf, id);

		if (!t)
			return 0;
		if (btf_is_struct(t) || btf_is_union(t))
			return id;
		if (btf_is_array(t))
			id = btf_array(t)->type;
		else if (btf_is_ptr(t) || btf_is_typedef(t) || btf_is_mod(t))
			id = t->type;
		else
			return 0;
	}
	return 0;
}

static bool enum_names_a_word(const struct btf *btf, const struct btf_type *t,
			      const struct words *w)
{
	int n = btf_vlen(t);

	for (int i = 0; i < n; i++) {
		__u32 name = btf_is_enum(t) ? btf_enum(t)[i].name_off : btf_enum64(t)[i].name_off;

		if (words_has(w, btf__name_by_offset(btf, name)))
			return true;
	}
	return false;
}

/* Marks in keep[] the types a program of these words reaches (see the top of the file). */
static int select_types(const struct btf *btf, const struct words *w, bool *keep)
{
	__u32 n = btf__type_cnt(btf), *todo, ntodo = 0;

	todo = malloc(n * sizeof(*todo));
	if (!todo)
		return -1;
	for (__u32 id = 1; id < n; id++) {
		const struct btf_type *t = btf__type_by_id(btf, id);
		const char *name = btf__name_by_offset(btf, t->name_off);
		bool named = (btf_is_composite(t) || btf_is_any_enum(t) || btf_is_typedef(t) ||
			      btf_is_fwd(t)) && words_has(w, name);

		if (named || (btf_is_any_enum(t) && enum_names_a_word(btf, t, w))) {
			keep[id] = true;
			todo[ntodo++] = id;
		}
	}
	/* a kept type's used members lead to more (typedefs lead to what they name) */
	while (ntodo) {
		__u32 id = todo[--ntodo], next;
		const struct btf_type *t = btf__type_by_id(btf, id);

		if (btf_is_typedef(t)) {
			next = aggregate_of(btf, t->type);
			if (next && !keep[next])
				keep[next] = true, todo[ntodo++] = next;
			continue;
		}
		if (!btf_is_composite(t))
			continue;
		for (int i = 0; i < btf_vlen(t); i++) {
			const struct btf_member *m = btf_members(t) + i;
			const char *name = btf__name_by_offset(btf, m->name_off);

			/* anonymous members are part of the struct itself: always followed */
			if (name && *name && !words_has(w, name))
				continue;
			next = aggregate_of(btf, m->type);
			if (next && !keep[next])
				keep[next] = true, todo[ntodo++] = next;
		}
	}
	free(todo);
	return 0;
}

static void dump_printf(void *ctx, const char *fmt, va_list args)
{
	vfprintf(ctx, fmt, args);
}

static int write_selected(struct btf *btf, const bool *keep, FILE *f, size_t *kept)
{
	struct btf_dump *dump = btf_dump__new(btf, dump_printf, f, NULL);
	__u32 n = btf__type_cnt(btf);
	__s32 id;

	if (!dump)
		return -1;
	fprintf(f, "/* The kernel types one program reaches, from %s by tracebox. */\n"
		   "#ifndef _TB_VMLINUX_H\n#define _TB_VMLINUX_H\n\n", BTF_VMLINUX);
	*kept = 0;
	/* in id order, as the whole dump: the same name for the same type */
	for (__u32 i = 1; i < n; i++) {
		if (!keep[i])
			continue;
		(*kept)++;
		if (btf_dump__dump_type(dump, i)) {
			btf_dump__free(dump);
			return -1;
		}
	}
	/* as the whole dump (btf_tree.c) */
	id = btf__find_by_name_kind(btf, "shortname_store", BTF_KIND_UNION);
	if (id > 0)
		fprintf(f, "\n#define DNAME_INLINE_LEN %u\n", btf__type_by_id(btf, id)->size);
	fprintf(f, "\n#endif\n");
	btf_dump__free(dump);
	return 0;
}

int tb_btf_prune_write(const char *tree, const char *text, const char *const *cflags,
		       int ncflags, const char *path)
{
	static const char *const macro_files[] = { "include/tb/uapi_macros.h",
						   "include/tb/extra_macros.h" };
	struct words w = { 0 };
	struct macros m = { 0 };
	struct btf *btf = NULL;
	bool *keep = NULL;
	FILE *f = NULL;
	size_t kept = 0;
	char file[4096];
	int fd, err = -1;

	if (add_words(&w, text, strlen(text)) || add_tracepoint_words(&w, text) ||
	    add_words(&w, tb_libbcc_idents, strlen(tb_libbcc_idents)))
		goto cleanup;
	for (int i = 0; i < ncflags; i++)
		if (add_words(&w, cflags[i], strlen(cflags[i])))
			goto cleanup;
	for (size_t i = 0; i < sizeof(macro_files) / sizeof(macro_files[0]); i++) {
		snprintf(file, sizeof(file), "%s/%s", tree, macro_files[i]);
		if (read_macros(file, &m))
			goto cleanup;
	}
	if (follow_macros(&w, &m))
		goto cleanup;
	btf = btf__parse(BTF_VMLINUX, NULL);
	if (!btf)
		goto cleanup;
	keep = calloc(btf__type_cnt(btf), sizeof(*keep));
	if (!keep || select_types(btf, &w, keep))
		goto cleanup;
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
	if (fd < 0 || !(f = fdopen(fd, "w"))) {
		if (fd >= 0)
			close(fd);
		goto cleanup;
	}
	setvbuf(f, NULL, _IOFBF, 1 << 18);
	if (write_selected(btf, keep, f, &kept))
		goto cleanup;
	err = 0;
	tb_info("kernel types for this program: %zu of %u (words: %zu)", kept,
		btf__type_cnt(btf) - 1, w.n);
cleanup:
	if (f && fclose(f))
		err = -1;
	if (err)
		tb_info("pruned kernel types unavailable (%s): the whole tree is used",
			strerror(errno ? errno : EINVAL));
	if (err && f)
		unlink(path);
	free(keep);
	btf__free(btf);
	macros_free(&m);
	words_free(&w);
	return err;
}
