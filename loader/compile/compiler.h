/* The BPF compiler: libbcc.so (clang and LLVM) opened only when a program must be compiled, so
 * warm starts from the compile cache never pay its ~20 ms and ~50 MiB. Internal. */
#ifndef TB_COMPILER_H
#define TB_COMPILER_H

#include <stdbool.h>
#include <stddef.h>

struct tb_compiler {
	void *(*create_c_from_string)(const char *text, unsigned flags, const char *cflags[],
				      int ncflags, bool allow_rlimit, const char *dev_name);
	void (*destroy)(void *mod);
	char *(*license)(void *mod);
	unsigned (*kern_version)(void *mod);
	size_t (*num_functions)(void *mod);
	const char *(*function_name)(void *mod, size_t id);
	void *(*function_start_id)(void *mod, size_t id);
	size_t (*function_size_id)(void *mod, size_t id);
	size_t (*num_tables)(void *mod);
	const char *(*table_name)(void *mod, size_t id);
	int (*table_fd_id)(void *mod, size_t id);
	int (*table_type_id)(void *mod, size_t id);
	size_t (*table_max_entries_id)(void *mod, size_t id);
	int (*table_flags_id)(void *mod, size_t id);
	const char *(*table_key_desc_id)(void *mod, size_t id);
	const char *(*table_leaf_desc_id)(void *mod, size_t id);
	size_t (*table_key_size_id)(void *mod, size_t id);
	size_t (*table_leaf_size_id)(void *mod, size_t id);
	size_t (*perf_event_fields)(void *mod, const char *event);
	const char *(*perf_event_field)(void *mod, const char *event, size_t i);
};

/* The libbcc_bpf.so this process runs (NULL in a static build), and the libbcc.so.0 the
 * compiler is loaded from: the one beside it, else the bare name for the loader to find. */
const char *tb_libbcc_bpf_path(void);
const char *tb_compiler_path(void);

/* Opens libbcc.so once; NULL after one error line when it cannot be loaded. */
const struct tb_compiler *tb_compiler(void);

#endif
