/* A program's tables (BPF maps): by name, and read, written, summed and cleared. */
#ifndef TB_TABLE_H
#define TB_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct tb_prog;

/* --- tables --- */
int tb_table_fd(struct tb_prog *prog, const char *name); /* -1 + error when missing */
size_t tb_table_key_size(struct tb_prog *prog, const char *name);
size_t tb_table_leaf_size(struct tb_prog *prog, const char *name);
int tb_map_lookup(int fd, const void *key, void *value);
int tb_map_update(int fd, const void *key, const void *value, uint64_t flags);
/* Writes this process's PID into slot 0 of a u32 array table, for a program that leaves its
 * own tracer out (trace, capable): a map, not a -D flag, so the compile cache keeps serving
 * the program. 0, or -1 after one error line. */
int tb_table_set_self(struct tb_prog *prog, const char *name);
/* The sum over every CPU of a per-CPU array or hash whose value is one u64 (a counter). */
int tb_map_sum_percpu_u64(int fd, const void *key, uint64_t *sum);
int tb_map_delete(int fd, const void *key);
/* prev NULL gives the first key. 0, or -ENOENT at the end. */
int tb_map_next_key(int fd, const void *prev, void *next);
/* Empties a map: deletes every key of a hash, zeroes every slot of an array. 0 or -errno. */
int tb_map_clear(int fd, size_t key_size, size_t value_size);

/* Every entry of a hash, read at once as records of key then value (rec_size bytes each,
 * unaligned: memcpy fields out). Batched where the kernel has it (5.6+, 4096 entries a
 * syscall), else key by key (TRACEBOX_NO_MAP_BATCH=1 forces that). With clear, entries are
 * deleted as they are read (batched) or right after. 0, or -errno (out then empty). */
struct tb_map_records {
	unsigned char *recs;
	size_t n, rec_size, key_size;
};
int tb_map_read_all(int fd, size_t key_size, size_t value_size, bool clear,
		    struct tb_map_records *out);
void tb_map_records_free(struct tb_map_records *r);

/* A hash of counters (key -> u64) by name, read whole into a new array of *n elements of
 * elem_size bytes, each the key at offset 0 and its u64 at count_offset: a tool's
 * struct { key; __u64 count; }, ready to sort (tcpconnect -c, tcpretrans -c). 0 (free *out),
 * or -1 after one error line. */
int tb_table_read_counts(struct tb_prog *prog, const char *name, size_t key_size,
			 size_t elem_size, size_t count_offset, void **out, size_t *n);

#endif
