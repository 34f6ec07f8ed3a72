/* The loader's own copy of a compiled program (see tb_object.h): built from a libbcc module,
 * or from cached bytes, whose maps it then creates. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bcc/libbpf.h>
#include <linux/bpf.h>

#include "compiler.h"
#include "tb_log.h"
#include "tb_object.h"

uint64_t tb_fnv1a(uint64_t h, const void *data, size_t len)
{
	const unsigned char *p = data;

	for (size_t i = 0; i < len; i++)
		h = (h ^ p[i]) * 0x100000001b3ULL;
	return h;
}

static char *dup_str(const char *s)
{
	return strdup(s ? s : "");
}

static bool is_ld_imm64(const struct bpf_insn *insn)
{
	return insn->code == (BPF_LD | BPF_IMM | BPF_DW);
}

/* An ld_imm64 whose imm the kernel takes for a map fd: the map itself, or a value in it */
static bool is_map_load(const struct bpf_insn *insn)
{
	return is_ld_imm64(insn) &&
	       (insn->src_reg == BPF_PSEUDO_MAP_FD || insn->src_reg == BPF_PSEUDO_MAP_VALUE);
}

/* Whether a function read from the cache refers to no fd but its own tables'. The kernel reads
 * an fd from every map-loading instruction, so each must carry a relocation (which patches in
 * one of this object's maps); without this check a forged but consistent entry could point an
 * instruction at any fd the tool holds. The walk is the kernel's: an ld_imm64 takes two slots.
 * NULL, or why not. */
static const char *check_map_refs(const struct tb_function *fn, uint32_t ntables)
{
	unsigned char *starts = calloc(fn->ninsns + 1, 1);
	const char *why = NULL;

	if (!starts)
		return "out of memory";
	for (uint32_t i = 0; i < fn->ninsns && !why; i++) {
		const struct bpf_insn *insn = &fn->insns[i];

		if (!is_ld_imm64(insn))
			continue;
		if (i + 1 >= fn->ninsns)
			why = "a function ends inside a 64-bit load";
		else if (insn->src_reg == BPF_PSEUDO_MAP_IDX ||
			 insn->src_reg == BPF_PSEUDO_MAP_IDX_VALUE)
			why = "an instruction refers to a map by index, which tracebox never writes";
		else if (insn->src_reg == BPF_PSEUDO_BTF_ID && fn->insns[i + 1].imm)
			why = "an instruction refers to a kernel module's BTF by fd";
		else if (is_map_load(insn))
			starts[i] = 1;
		i++;
	}
	for (uint32_t k = 0; k < fn->nrelocs && !why; k++) {
		const struct tb_reloc *r = &fn->relocs[k];

		if (r->table >= ntables || r->insn >= fn->ninsns || !starts[r->insn])
			why = "a relocation points at no map-loading instruction or table";
		else
			starts[r->insn] = 2;
	}
	for (uint32_t i = 0; i < fn->ninsns && !why; i++)
		if (starts[i] == 1)
			why = "a map-loading instruction has no relocation";
	free(starts);
	return why;
}

/* Records which table each map-fd load refers to, by the module's fd in the instruction. */
static int find_relocs(struct tb_function *fn, const int *module_fds, uint32_t ntables)
{
	for (uint32_t i = 0; i + 1 < fn->ninsns; i++) {
		struct tb_reloc *relocs;
		uint32_t t;

		if (!is_map_load(&fn->insns[i]))
			continue;
		for (t = 0; t < ntables && module_fds[t] != fn->insns[i].imm; t++)
			;
		if (t == ntables) {
			tb_error("failed to relocate BPF function '%s': it uses a map that is not one "
				 "of its tables (fd %d)", fn->name, fn->insns[i].imm);
			return -EINVAL;
		}
		relocs = realloc(fn->relocs, (fn->nrelocs + 1) * sizeof(*relocs));
		if (!relocs)
			return -ENOMEM;
		fn->relocs = relocs;
		relocs[fn->nrelocs++] = (struct tb_reloc){ .insn = i, .table = t };
		/* the fd is patched in at each load: the object keeps none, so that one program
		 * is the same bytes whichever fds the process that compiled it had open */
		fn->insns[i].imm = 0;
		i++; /* an ld_imm64 takes two instruction slots */
	}
	return 0;
}

static int copy_table(const struct tb_compiler *cc, void *mod, size_t id, struct tb_table *t)
{
	t->name = dup_str(cc->table_name(mod, id));
	t->type = cc->table_type_id(mod, id);
	t->key_size = cc->table_key_size_id(mod, id);
	t->leaf_size = cc->table_leaf_size_id(mod, id);
	t->max_entries = cc->table_max_entries_id(mod, id);
	t->flags = cc->table_flags_id(mod, id);
	t->key_desc = dup_str(cc->table_key_desc_id(mod, id));
	t->leaf_desc = dup_str(cc->table_leaf_desc_id(mod, id));
	/* the module closes its fds when destroyed: keep our own */
	t->fd = fcntl(cc->table_fd_id(mod, id), F_DUPFD_CLOEXEC, 3);
	if (!t->name || !t->key_desc || !t->leaf_desc || t->fd < 0)
		return -ENOMEM;
	t->nperf_fields = cc->perf_event_fields(mod, t->name);
	if (t->nperf_fields) {
		t->perf_fields = calloc(t->nperf_fields, sizeof(char *));
		if (!t->perf_fields)
			return -ENOMEM;
		for (uint32_t i = 0; i < t->nperf_fields; i++)
			if (!(t->perf_fields[i] = dup_str(cc->perf_event_field(mod, t->name, i))))
				return -ENOMEM;
	}
	return 0;
}

struct tb_object *tb_object_from_module(void *mod)
{
	const struct tb_compiler *cc = tb_compiler();
	struct tb_object *obj = calloc(1, sizeof(*obj));
	int *module_fds = NULL;

	if (!obj)
		return NULL;
	obj->license = dup_str(cc->license(mod));
	obj->kern_version = cc->kern_version(mod);
	obj->ntables = cc->num_tables(mod);
	obj->tables = calloc(obj->ntables + 1, sizeof(*obj->tables));
	module_fds = calloc(obj->ntables + 1, sizeof(int));
	if (!obj->license || !obj->tables || !module_fds)
		goto fail;
	for (uint32_t i = 0; i < obj->ntables; i++)
		obj->tables[i].fd = -1;
	for (uint32_t i = 0; i < obj->ntables; i++) {
		module_fds[i] = cc->table_fd_id(mod, i);
		if (copy_table(cc, mod, i, &obj->tables[i]))
			goto fail;
	}
	obj->nfns = cc->num_functions(mod);
	obj->fns = calloc(obj->nfns + 1, sizeof(*obj->fns));
	if (!obj->fns)
		goto fail;
	for (uint32_t i = 0; i < obj->nfns; i++) {
		struct tb_function *fn = &obj->fns[i];
		size_t size = cc->function_size_id(mod, i);

		fn->name = dup_str(cc->function_name(mod, i));
		fn->ninsns = size / sizeof(struct bpf_insn);
		fn->insns = malloc(size ? size : 1);
		if (!fn->name || !fn->insns)
			goto fail;
		memcpy(fn->insns, cc->function_start_id(mod, i), size);
		if (find_relocs(fn, module_fds, obj->ntables))
			goto fail;
	}
	free(module_fds);
	return obj;
fail:
	free(module_fds);
	tb_object_free(obj);
	return NULL;
}

int tb_object_create_maps(struct tb_object *obj)
{
	for (uint32_t i = 0; i < obj->ntables; i++) {
		struct tb_table *t = &obj->tables[i];
		struct bcc_create_map_attr attr = {
			.name = t->name, .map_type = t->type, .map_flags = t->flags,
			.key_size = t->key_size, .value_size = t->leaf_size,
			.max_entries = t->max_entries,
		};

		t->fd = bcc_create_map_xattr(&attr, true);
		if (t->fd < 0) {
			int err = errno ? errno : EINVAL;

			for (uint32_t k = 0; k <= i; k++) {
				if (obj->tables[k].fd >= 0)
					close(obj->tables[k].fd);
				obj->tables[k].fd = -1;
			}
			return -err;
		}
	}
	return 0;
}

void tb_object_free(struct tb_object *obj)
{
	if (!obj)
		return;
	for (uint32_t i = 0; obj->fns && i < obj->nfns; i++) {
		free(obj->fns[i].name);
		free(obj->fns[i].insns);
		free(obj->fns[i].relocs);
	}
	for (uint32_t i = 0; obj->tables && i < obj->ntables; i++) {
		struct tb_table *t = &obj->tables[i];

		if (t->fd >= 0)
			close(t->fd);
		free(t->name);
		free(t->key_desc);
		free(t->leaf_desc);
		for (uint32_t k = 0; t->perf_fields && k < t->nperf_fields; k++)
			free(t->perf_fields[k]);
		free(t->perf_fields);
	}
	free(obj->fns);
	free(obj->tables);
	free(obj->license);
	free(obj);
}

const struct tb_function *tb_object_function(const struct tb_object *obj, const char *name)
{
	for (uint32_t i = 0; i < obj->nfns; i++)
		if (!strcmp(obj->fns[i].name, name))
			return &obj->fns[i];
	return NULL;
}

struct tb_table *tb_object_table(const struct tb_object *obj, const char *name)
{
	for (uint32_t i = 0; i < obj->ntables; i++)
		if (!strcmp(obj->tables[i].name, name))
			return &obj->tables[i];
	return NULL;
}

struct bpf_insn *tb_object_patched_insns(const struct tb_object *obj, const struct tb_function *fn)
{
	struct bpf_insn *insns = malloc(fn->ninsns * sizeof(*insns) + 1);

	if (!insns)
		return NULL;
	memcpy(insns, fn->insns, fn->ninsns * sizeof(*insns));
	for (uint32_t i = 0; i < fn->nrelocs; i++)
		insns[fn->relocs[i].insn].imm = obj->tables[fn->relocs[i].table].fd;
	return insns;
}

/* ---- serialization: little framing, every length checked on the way back ---- */

#define TB_OBJECT_MAGIC 0x314a424f42544eULL /* "NTBOBJ1" */
#define TB_OBJECT_FORMAT 1

struct writer {
	unsigned char *buf;
	size_t len, cap;
	int err;
};

static void w_bytes(struct writer *w, const void *p, size_t n)
{
	if (w->err || n == 0) /* nothing to copy: p may be NULL (a program without relocations) */
		return;
	if (w->len + n > w->cap) {
		size_t cap = (w->len + n) * 2;
		unsigned char *buf = realloc(w->buf, cap);
		if (!buf) {
			w->err = -ENOMEM;
			return;
		}
		w->buf = buf;
		w->cap = cap;
	}
	memcpy(w->buf + w->len, p, n);
	w->len += n;
}

static void w_u32(struct writer *w, uint32_t v) { w_bytes(w, &v, sizeof(v)); }
static void w_u64(struct writer *w, uint64_t v) { w_bytes(w, &v, sizeof(v)); }

static void w_str(struct writer *w, const char *s)
{
	uint32_t n = strlen(s);

	w_u32(w, n);
	w_bytes(w, s, n);
}

int tb_object_serialize(const struct tb_object *obj, uint64_t key, void **out, size_t *len)
{
	struct writer w = { 0 };
	uint64_t sum;

	/* header: magic, format, key, payload checksum (filled last) */
	w_u64(&w, TB_OBJECT_MAGIC);
	w_u32(&w, TB_OBJECT_FORMAT);
	w_u64(&w, key);
	w_u64(&w, 0);
	w_str(&w, obj->license);
	w_u32(&w, obj->kern_version);
	w_u32(&w, obj->ntables);
	for (uint32_t i = 0; i < obj->ntables; i++) {
		const struct tb_table *t = &obj->tables[i];

		w_str(&w, t->name);
		w_u32(&w, t->type);
		w_u32(&w, t->key_size);
		w_u32(&w, t->leaf_size);
		w_u32(&w, t->max_entries);
		w_u32(&w, t->flags);
		w_str(&w, t->key_desc);
		w_str(&w, t->leaf_desc);
		w_u32(&w, t->nperf_fields);
		for (uint32_t k = 0; k < t->nperf_fields; k++)
			w_str(&w, t->perf_fields[k]);
	}
	w_u32(&w, obj->nfns);
	for (uint32_t i = 0; i < obj->nfns; i++) {
		const struct tb_function *fn = &obj->fns[i];

		w_str(&w, fn->name);
		w_u32(&w, fn->ninsns);
		w_bytes(&w, fn->insns, fn->ninsns * sizeof(*fn->insns));
		w_u32(&w, fn->nrelocs);
		w_bytes(&w, fn->relocs, fn->nrelocs * sizeof(*fn->relocs));
	}
	if (w.err) {
		free(w.buf);
		return w.err;
	}
	sum = tb_fnv1a(0xcbf29ce484222325ULL, w.buf + 28, w.len - 28);
	memcpy(w.buf + 20, &sum, sizeof(sum));
	*out = w.buf;
	*len = w.len;
	return 0;
}

struct reader {
	const unsigned char *p, *end;
	bool bad;
};

static const void *r_bytes(struct reader *r, size_t n)
{
	const void *p = r->p;

	if (r->bad || n > (size_t)(r->end - r->p)) {
		r->bad = true;
		return NULL;
	}
	r->p += n;
	return p;
}

static uint32_t r_u32(struct reader *r)
{
	const void *p = r_bytes(r, 4);
	uint32_t v = 0;

	if (p)
		memcpy(&v, p, 4);
	return v;
}

static uint64_t r_u64(struct reader *r)
{
	const void *p = r_bytes(r, 8);
	uint64_t v = 0;

	if (p)
		memcpy(&v, p, 8);
	return v;
}

static char *r_str(struct reader *r)
{
	uint32_t n = r_u32(r);
	const char *p = r_bytes(r, n);
	char *s;

	/* a NUL inside would make the name compared differ from the bytes checked */
	if (!p || memchr(p, 0, n) || !(s = malloc(n + 1))) {
		r->bad = true;
		return NULL;
	}
	memcpy(s, p, n);
	s[n] = 0;
	return s;
}

/* Counts read from the file are bounded by what is left, so a corrupt count cannot make us
 * allocate without limit. */
static uint32_t r_count(struct reader *r, size_t min_item)
{
	uint32_t n = r_u32(r);

	if (min_item && n > (size_t)(r->end - r->p) / min_item)
		r->bad = true;
	return r->bad ? 0 : n;
}

static void *r_array(struct reader *r, uint32_t n, size_t item)
{
	const void *p = r_bytes(r, (size_t)n * item);
	void *copy = p ? malloc((size_t)n * item + 1) : NULL;

	if (!copy) {
		r->bad = true;
		return NULL;
	}
	memcpy(copy, p, (size_t)n * item);
	return copy;
}

struct tb_object *tb_object_deserialize(const void *data, size_t len, uint64_t key,
					 const char **why)
{
	struct reader r = { data, (const unsigned char *)data + len, false };
	const char *bad = NULL, *dummy;
	struct tb_object *obj;
	uint64_t sum;

	if (!why)
		why = &dummy;
	*why = "not a tracebox object of this format";
	if (len < 28 || r_u64(&r) != TB_OBJECT_MAGIC || r_u32(&r) != TB_OBJECT_FORMAT)
		return NULL;
	*why = "made for another key";
	if (r_u64(&r) != key)
		return NULL;
	sum = r_u64(&r);
	*why = "its checksum does not match (corrupt)";
	if (sum != tb_fnv1a(0xcbf29ce484222325ULL, (const unsigned char *)data + 28, len - 28))
		return NULL;
	*why = "out of memory";
	obj = calloc(1, sizeof(*obj));
	if (!obj)
		return NULL;
	obj->license = r_str(&r);
	obj->kern_version = r_u32(&r);
	obj->ntables = r_count(&r, 4 * 8);
	obj->tables = calloc(obj->ntables + 1, sizeof(*obj->tables));
	for (uint32_t i = 0; obj->tables && i < obj->ntables; i++)
		obj->tables[i].fd = -1;
	for (uint32_t i = 0; obj->tables && i < obj->ntables && !r.bad; i++) {
		struct tb_table *t = &obj->tables[i];

		t->name = r_str(&r);
		t->type = r_u32(&r);
		t->key_size = r_u32(&r);
		t->leaf_size = r_u32(&r);
		t->max_entries = r_u32(&r);
		t->flags = r_u32(&r);
		t->key_desc = r_str(&r);
		t->leaf_desc = r_str(&r);
		t->nperf_fields = r_count(&r, 4);
		t->perf_fields = calloc(t->nperf_fields + 1, sizeof(char *));
		if (!t->perf_fields)
			r.bad = true;
		for (uint32_t k = 0; !r.bad && k < t->nperf_fields; k++)
			t->perf_fields[k] = r_str(&r);
	}
	obj->nfns = r_count(&r, 4 * 3);
	obj->fns = calloc(obj->nfns + 1, sizeof(*obj->fns));
	for (uint32_t i = 0; obj->fns && i < obj->nfns && !r.bad; i++) {
		struct tb_function *fn = &obj->fns[i];

		fn->name = r_str(&r);
		fn->ninsns = r_count(&r, sizeof(struct bpf_insn));
		fn->insns = r_array(&r, fn->ninsns, sizeof(struct bpf_insn));
		fn->nrelocs = r_count(&r, sizeof(struct tb_reloc));
		fn->relocs = r_array(&r, fn->nrelocs, sizeof(struct tb_reloc));
		if (!r.bad && !fn->name)
			r.bad = true;
		if (!r.bad && (bad = check_map_refs(fn, obj->ntables)))
			r.bad = true;
	}
	if (r.bad || !obj->tables || !obj->fns || r.p != r.end) {
		*why = bad ? bad : "malformed (a length or count does not fit)";
		tb_object_free(obj);
		return NULL;
	}
	*why = NULL;
	return obj;
}
