/* What a compiled program holds (its functions, tables and the event layouts libbcc recorded
 * for perf outputs), and the pure decoding of such layouts, for generic frontends (tbrun). */
#ifndef TB_INTROSPECT_H
#define TB_INTROSPECT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct tb_prog;

/* Functions of the compiled module, in libbcc's order. */
int tb_prog_function_count(struct tb_prog *prog);
const char *tb_prog_function_name(struct tb_prog *prog, int i);

struct tb_table_info {
	const char *name;
	int map_type;       /* BPF_MAP_TYPE_* */
	int fd;
	size_t key_size, leaf_size, max_entries;
	const char *key_desc, *leaf_desc; /* libbcc's JSON type descriptions */
};

int tb_prog_table_count(struct tb_prog *prog);
int tb_prog_table_info(struct tb_prog *prog, int i, struct tb_table_info *info);
/* Formats a struct key or leaf of table i from libbcc's type description as "{a=1 comm=x}".
 * 0, or -1 for what it does not decode (scalars, nested structs, unions): print those yourself. */
int tb_prog_table_key_format(struct tb_prog *prog, int i, char *buf, size_t len, const void *key);
int tb_prog_table_leaf_format(struct tb_prog *prog, int i, char *buf, size_t len,
			      const void *leaf);

/* The fields libbcc recorded for the struct submitted to perf output `table` ("pid#u32",
 * "comm#char[16]"), or 0 when it recorded none (the submitted value was not a struct). */
int tb_prog_perf_field_count(struct tb_prog *prog, const char *table);
const char *tb_prog_perf_field(struct tb_prog *prog, const char *table, int i);


/* --- decoding an event from such a field list (pure, unit-tested) --- */
enum tb_field_kind {
	TB_FIELD_SIGNED,
	TB_FIELD_UNSIGNED,
	TB_FIELD_STRING,  /* char array: printed up to its first NUL */
	TB_FIELD_POINTER, /* printed in hex */
};

#define TB_LAYOUT_MAX_FIELDS 64
/* No event or table entry decoded is larger: a perf record's size is a u16, a map value's
 * at most a few MiB. */
#define TB_LAYOUT_MAX_SIZE (16 << 20)

struct tb_field {
	char name[64];
	enum tb_field_kind kind;
	size_t offset;
	size_t elem_size; /* 1, 2, 4 or 8 */
	size_t count;     /* > 1 for arrays (strings: the array length) */
};

struct tb_layout {
	struct tb_field fields[TB_LAYOUT_MAX_FIELDS];
	int nfields;
	size_t size; /* sizeof the struct, tail padding included */
};

/* Computes offsets by the C layout rules of x86-64 and arm64 (each scalar aligned to its size)
 * from "name#type" strings. Knows the C integer types, the kernel's u8..s64/__u8..__s64,
 * pid_t-like typedefs, pointers, enums and one-dimensional arrays of those. Returns 0, or -1
 * with the offending type in err when a type is unknown (a nested struct, a bitfield...) or
 * the struct would be larger than TB_LAYOUT_MAX_SIZE. */
int tb_layout_parse(struct tb_layout *layout, const char *const *fields, int n,
		    char *err, size_t err_len);

/* Writes one event as "name=value name=value" (text) or {"name":value,...} (json); fields
 * past `size` bytes of data are left out, except that a char array cut by the end of the data
 * prints what is there (programs often submit only the used part of a trailing buffer).
 * A non-NULL table is named first ("table: " in text, a "table" key in JSON). */
void tb_layout_print(FILE *fp, const struct tb_layout *layout, const void *data, size_t size,
		     bool json, const char *table);

#endif
