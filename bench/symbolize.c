/* symbolize: how long the stack layer takes to symbolize a large process. Makes libbcc's symbol
 * cache for PID (as tb_stacks_uframe does on first use), then resolves N addresses spread over
 * one mapped module (default libjvm.so) twice: cold (symbol tables loaded on first use) and warm.
 * Also times loading /proc/kallsyms. Usage: symbolize PID [MODULE [N [eager]]] (eager: libbcc's
 * lazy_symbolize off, as the stack layer sets it). */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bcc/bcc_syms.h>

#include "tracebox.h"

static double ms_since(uint64_t t0)
{
	return (tb_monotonic_ns() - t0) / 1e6;
}

int main(int argc, char **argv)
{
	const char *module = argc > 2 ? argv[2] : "libjvm.so";
	long n = argc > 3 ? atol(argv[3]) : 10000;
	uint64_t lo = 0, hi = 0, t0;
	char path[64], line[4096];
	int pid, found = 0, lazy = !(argc > 4 && !strcmp(argv[4], "eager"));
	struct bcc_symbol_option eager = { .use_debug_file = 1, .check_debug_file_crc = 1,
					   .lazy_symbolize = 0, .use_symbol_type = BCC_SYM_ALL_TYPES };
	struct tb_ksyms *ks;
	void *cache;
	FILE *f;

	if (argc < 2 || (pid = atoi(argv[1])) <= 0) {
		fprintf(stderr, "usage: symbolize PID [MODULE [N [eager]]]\n");
		return 2;
	}
	snprintf(path, sizeof(path), "/proc/%d/maps", pid);
	f = fopen(path, "r");
	if (!f) {
		perror(path);
		return 1;
	}
	/* the executable mapping of the module */
	while (fgets(line, sizeof(line), f)) {
		uint64_t a, b;
		char perms[8];

		if (sscanf(line, "%" SCNx64 "-%" SCNx64 " %7s", &a, &b, perms) == 3 &&
		    strstr(line, module) && perms[2] == 'x') {
			lo = a;
			hi = b;
			break;
		}
	}
	fclose(f);
	if (!hi) {
		fprintf(stderr, "no executable mapping of %s in %d\n", module, pid);
		return 1;
	}
	t0 = tb_monotonic_ns();
	ks = tb_ksyms_load(NULL);
	printf("kallsyms: %zu symbols loaded in %.1f ms\n", tb_ksyms_count(ks), ms_since(t0));
	tb_ksyms_free(ks);
	t0 = tb_monotonic_ns();
	cache = bcc_symcache_new(pid, lazy ? NULL : &eager);
	printf("bcc_symcache_new(%d, %s): %.1f ms\n", pid, lazy ? "default options (lazy names)" :
	       "lazy_symbolize = 0", ms_since(t0));
	for (int pass = 0; pass < 2; pass++) {
		found = 0;
		t0 = tb_monotonic_ns();
		for (long i = 0; i < n; i++) {
			struct bcc_symbol sym;
			uint64_t addr = lo + (hi - lo) / (uint64_t)n * (uint64_t)i;

			if (bcc_symcache_resolve(cache, addr, &sym) == 0) {
				found++;
				bcc_symbol_free_demangle_name(&sym);
			}
			if (i == 0 && pass == 0)
				printf("first address (loads the module's symbol table): %.1f ms\n",
				       ms_since(t0));
			if (i == 99 && pass == 0)
				printf("first 100 addresses: %.1f ms\n", ms_since(t0));
		}
		printf("%s: %ld addresses in %s (%.1f MiB of text) resolved in %.1f ms, %d with a symbol\n",
		       pass ? "warm" : "cold", n, module, (hi - lo) / 1048576.0, ms_since(t0), found);
	}
	bcc_free_symcache(cache, pid);
	return 0;
}
