/* Opening libbcc.so (the compiler half of libbcc) on demand, with dlopen. */
#include <dlfcn.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <bcc/libbpf.h>

#include "compiler.h"
#include "tb_log.h"

/* ASan refuses RTLD_DEEPBIND (its interceptors would be bypassed): the sanitizer build
 * (cmake -DTB_SANITIZE=ON) loads libbcc.so without it and lives with what that risks below. */
#if defined(__SANITIZE_ADDRESS__)
#define TB_DEEPBIND 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define TB_DEEPBIND 0
#endif
#endif
#ifndef TB_DEEPBIND
#define TB_DEEPBIND RTLD_DEEPBIND
#endif

static const struct {
	const char *symbol;
	size_t offset;
} symbols[] = {
#define SYM(field, name) { name, offsetof(struct tb_compiler, field) }
	SYM(create_c_from_string, "bpf_module_create_c_from_string"),
	SYM(destroy, "bpf_module_destroy"),
	SYM(license, "bpf_module_license"),
	SYM(kern_version, "bpf_module_kern_version"),
	SYM(num_functions, "bpf_num_functions"),
	SYM(function_name, "bpf_function_name"),
	SYM(function_start_id, "bpf_function_start_id"),
	SYM(function_size_id, "bpf_function_size_id"),
	SYM(num_tables, "bpf_num_tables"),
	SYM(table_name, "bpf_table_name"),
	SYM(table_fd_id, "bpf_table_fd_id"),
	SYM(table_type_id, "bpf_table_type_id"),
	SYM(table_max_entries_id, "bpf_table_max_entries_id"),
	SYM(table_flags_id, "bpf_table_flags_id"),
	SYM(table_key_desc_id, "bpf_table_key_desc_id"),
	SYM(table_leaf_desc_id, "bpf_table_leaf_desc_id"),
	SYM(table_key_size_id, "bpf_table_key_size_id"),
	SYM(table_leaf_size_id, "bpf_table_leaf_size_id"),
	SYM(perf_event_fields, "bpf_perf_event_fields"),
	SYM(perf_event_field, "bpf_perf_event_field"),
#undef SYM
};

const char *tb_libbcc_bpf_path(void)
{
	Dl_info info, self;

	/* a function of libbcc_bpf.so: the file this process really runs, wherever it came from;
	 * none when libbcc is linked into the binary itself */
	if (dladdr((void *)bcc_create_map_xattr, &info) && info.dli_fname && *info.dli_fname &&
	    !(dladdr((void *)tb_libbcc_bpf_path, &self) && self.dli_fbase == info.dli_fbase))
		return info.dli_fname;
	return NULL;
}

const char *tb_compiler_path(void)
{
	static char path[4096];
	const char *bpf = tb_libbcc_bpf_path();
	const char *slash = bpf ? strrchr(bpf, '/') : NULL;

	/* libbcc.so.0 beside the libbcc_bpf.so.0 in use: the two halves of one libbcc build; the
	 * cache key identifies this same file (cache.c) */
	if (!path[0]) {
		if (slash)
			snprintf(path, sizeof(path), "%.*s/libbcc.so.0", (int)(slash - bpf), bpf);
		if (!slash || access(path, R_OK))
			snprintf(path, sizeof(path), "libbcc.so.0");
	}
	return path;
}

const struct tb_compiler *tb_compiler(void)
{
	static struct tb_compiler compiler;
	static int state; /* 0 not tried, 1 loaded, -1 failed */
	void *lib;

	if (state)
		return state > 0 ? &compiler : NULL;
	state = -1;
	/* DEEPBIND: libbcc.so and libbcc_bpf.so (linked by every tool) both define the global
	 * USDT::ArgumentParser_x64::registers_; without it libbcc.so's constructor and destructor
	 * bind to libbcc_bpf.so's copy, which is then destroyed twice at exit ("double free or
	 * corruption", SIGABRT after a compile against classic kernel headers; found by the VM
	 * tier, reproduced on the host with BCC_KERNEL_SOURCE=<6.1 tree>). */
	lib = dlopen(tb_compiler_path(), RTLD_NOW | RTLD_LOCAL | TB_DEEPBIND);
	if (!lib) {
		tb_error("failed to load the BPF compiler %s: %s (apt-get install libbpfcc)",
			 tb_compiler_path(), dlerror());
		return NULL;
	}
	for (size_t i = 0; i < sizeof(symbols) / sizeof(symbols[0]); i++) {
		void *fn = dlsym(lib, symbols[i].symbol);

		if (!fn) {
			tb_error("failed to load the BPF compiler: libbcc.so.0 has no '%s' (a libbcc "
				 "older than 0.26?)", symbols[i].symbol);
			dlclose(lib);
			return NULL;
		}
		*(void **)((char *)&compiler + symbols[i].offset) = fn;
	}
	state = 1;
	return &compiler;
}
