/* Table (BPF map) access by name and by fd: lookup, update, delete, iterate, clear. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <bcc/bcc_common.h>
#include <bcc/libbpf.h>

#include "internal.h"
#include "tb_log.h"

int tb_table_fd(struct tb_prog *prog, const char *name)
{
	int fd = bpf_table_fd(prog->mod, name);

	if (fd < 0)
		tb_error("failed to find table '%s' in '%s'", name, prog->source_name);
	return fd;
}

size_t tb_table_key_size(struct tb_prog *prog, const char *name)
{
	return bpf_table_key_size(prog->mod, name);
}

size_t tb_table_leaf_size(struct tb_prog *prog, const char *name)
{
	return bpf_table_leaf_size(prog->mod, name);
}

int tb_map_lookup(int fd, const void *key, void *value)
{
	return bpf_lookup_elem(fd, (void *)key, value) < 0 ? -errno : 0;
}

int tb_map_update(int fd, const void *key, const void *value, uint64_t flags)
{
	return bpf_update_elem(fd, (void *)key, (void *)value, flags) < 0 ? -errno : 0;
}

int tb_map_delete(int fd, const void *key)
{
	return bpf_delete_elem(fd, (void *)key) < 0 ? -errno : 0;
}

int tb_map_next_key(int fd, const void *prev, void *next)
{
	/* a NULL key asks the kernel for the first one */
	return bpf_get_next_key(fd, (void *)prev, next) < 0 ? -errno : 0;
}

int tb_map_clear(int fd, size_t key_size, size_t value_size)
{
	char *key = calloc(2, key_size ? key_size : 1), *next = key + key_size;
	char *zero = calloc(1, value_size ? value_size : 1);
	int n = 0, err;

	if (!key || !zero) {
		free(key);
		free(zero);
		return -ENOMEM;
	}
	/* hashes: delete from the first key each time (deleting the current key breaks
	 * get_next_key); arrays cannot delete (EINVAL): zero every slot instead */
	while ((err = tb_map_next_key(fd, n ? key : NULL, next)) == 0) {
		memcpy(key, next, key_size);
		if (tb_map_delete(fd, key) == 0) {
			n = 0;
			continue;
		}
		if (tb_map_update(fd, key, zero, 0 /* BPF_ANY */))
			break;
		n++;
	}
	free(key);
	free(zero);
	return err == -ENOENT ? 0 : err;
}
