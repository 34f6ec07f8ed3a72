/* User stacks of build ids and file offsets (trace -s): symbols from the files given, found by
 * build id, so that a process that has exited is still named. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bcc/bcc_syms.h>
#include <linux/bpf.h>

#include "tracebox.h"

struct tb_bid_stacks {
	int fd;
	size_t depth;   /* frames in a stack map value */
	void *cache;    /* libbcc's build id -> symbols */
	struct bpf_stack_build_id *frames;
};

struct tb_bid_stacks *tb_bid_stacks_new(const char *files)
{
	struct tb_bid_stacks *st = calloc(1, sizeof(*st));
	char *list = strdup(files), *save = NULL;

	if (!st || !list || !(st->cache = bcc_buildsymcache_new())) {
		tb_error("failed to read symbol files: out of memory");
		goto fail;
	}
	st->fd = -1;
	for (char *f = strtok_r(list, ",", &save); f; f = strtok_r(NULL, ",", &save)) {
		if (bcc_buildsymcache_add_module(st->cache, f)) {
			tb_error("failed to read the build id of '%s': not an ELF file with a build id "
				 "(-s takes binaries and libraries, comma-separated)", f);
			goto fail;
		}
	}
	free(list);
	return st;
fail:
	free(list);
	tb_bid_stacks_free(st);
	return NULL;
}

int tb_bid_stacks_open(struct tb_bid_stacks *st, struct tb_prog *prog, const char *table)
{
	size_t leaf;

	st->fd = tb_table_fd(prog, table);
	if (st->fd < 0)
		return -1;
	leaf = tb_table_leaf_size(prog, table);
	st->depth = leaf / sizeof(struct bpf_stack_build_id);
	if (!st->depth || !(st->frames = calloc(st->depth, sizeof(*st->frames)))) {
		tb_error("failed to read stack table '%s': values of %zu bytes", table, leaf);
		return -1;
	}
	return 0;
}

void tb_bid_stacks_free(struct tb_bid_stacks *st)
{
	if (!st)
		return;
	if (st->cache)
		bcc_free_buildsymcache(st->cache);
	free(st->frames);
	free(st);
}

/* "sym+0xoff [file]"; a file not given or a symbol not found: "[unknown]" */
static void frame_name(struct tb_bid_stacks *st, struct bpf_stack_build_id *f, char *buf,
		       size_t len)
{
	struct bcc_symbol sym = { 0 };

	if (f->status == BPF_STACK_BUILD_ID_VALID && !bcc_buildsymcache_resolve(st->cache, f, &sym) &&
	    sym.name) {
		const char *base = sym.module ? strrchr(sym.module, '/') : NULL;

		snprintf(buf, len, "%s+0x%llx [%s]", sym.demangle_name ? sym.demangle_name : sym.name,
			 (unsigned long long)sym.offset, base ? base + 1 : sym.module ? sym.module : "?");
	} else {
		snprintf(buf, len, "[unknown]");
	}
}

void tb_bid_stacks_print_event(struct tb_bid_stacks *st, int64_t id, bool addresses, FILE *fp,
			       char *json, size_t len)
{
	char frame[512];
	size_t used = 0;
	int key = (int)id;

	if (json)
		json[0] = 0;
	if (st->frames)
		memset(st->frames, 0, st->depth * sizeof(*st->frames));
	if (id < 0 || !st->frames || tb_map_lookup(st->fd, &key, st->frames) ||
	    st->frames[0].status == BPF_STACK_BUILD_ID_EMPTY) {
		snprintf(frame, sizeof(frame), "[user stack %s]",
			 tb_stack_id_lost(id) ? "lost: the stack map was full" : "not available");
		tb_stack_frame_out(fp, false, 0, frame, json, len, &used);
		return;
	}
	for (size_t i = 0; i < st->depth && st->frames[i].status != BPF_STACK_BUILD_ID_EMPTY; i++) {
		frame_name(st, &st->frames[i], frame, sizeof(frame));
		/* with -a: the offset in the file, or the address where the kernel gave no file */
		tb_stack_frame_out(fp, addresses, st->frames[i].offset, frame, json, len, &used);
	}
}
