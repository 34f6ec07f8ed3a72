/* A compiled BPF program as the loader keeps it: every function's instructions with the
 * places that reference maps, and every table's definition. Made from a libbcc module right
 * after compiling (so the module and LLVM's memory can go), or read back from the compile
 * cache (so a warm start needs no compiler at all). Internal to the loader. */
#ifndef TB_OBJECT_H
#define TB_OBJECT_H

#include <stddef.h>
#include <stdint.h>

struct bpf_insn;

struct tb_reloc {
	uint32_t insn;  /* index of an ld_imm64 that loads a map fd */
	uint32_t table; /* index into tb_object.tables */
};

struct tb_function {
	char *name;
	struct bpf_insn *insns;
	uint32_t ninsns;
	struct tb_reloc *relocs;
	uint32_t nrelocs;
};

struct tb_table {
	char *name;
	int fd;           /* owned by the object; -1 until created */
	uint32_t type, key_size, leaf_size, max_entries, flags;
	char *key_desc, *leaf_desc; /* libbcc's JSON-ish type descriptions */
	char **perf_fields;         /* for BPF_PERF_OUTPUT: "type name" of the submitted struct */
	uint32_t nperf_fields;
};

struct tb_object {
	char *license;
	uint32_t kern_version;
	struct tb_function *fns;
	uint32_t nfns;
	struct tb_table *tables;
	uint32_t ntables;
};

/* From a libbcc module (via the compiler shim): copies everything and dups the table fds. */
struct tb_object *tb_object_from_module(void *mod);
/* Creates the maps of an object read from the cache. 0, or -errno (then nothing is kept). */
int tb_object_create_maps(struct tb_object *obj);
void tb_object_free(struct tb_object *obj);

const struct tb_function *tb_object_function(const struct tb_object *obj, const char *name);
struct tb_table *tb_object_table(const struct tb_object *obj, const char *name);
/* The instructions of fn with this object's map fds patched in (malloc'd). */
struct bpf_insn *tb_object_patched_insns(const struct tb_object *obj, const struct tb_function *fn);

/* Serialization for the compile cache: a self-describing, checksummed byte string. */
int tb_object_serialize(const struct tb_object *obj, uint64_t key, void **out, size_t *len);
/* NULL when the bytes are not a valid object for this key (corrupt, truncated, stale, or a
 * map-loading instruction without a relocation); then *why (if why is not NULL) says why. */
struct tb_object *tb_object_deserialize(const void *data, size_t len, uint64_t key,
					 const char **why);

uint64_t tb_fnv1a(uint64_t h, const void *data, size_t len);

#endif
