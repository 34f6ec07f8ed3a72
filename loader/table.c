/* Table (BPF map) access by name and by fd: lookup, update, delete, iterate, clear. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <bcc/libbpf.h>

#include "internal.h"
#include "tb_log.h"
#include "tb_object.h"

int tb_table_fd(struct tb_prog *prog, const char *name)
{
	const struct tb_table *t = tb_object_table(prog->obj, name);

	if (!t)
		tb_error("failed to find table '%s' in '%s'", name, prog->source_name);
	return t ? t->fd : -1;
}

size_t tb_table_key_size(struct tb_prog *prog, const char *name)
{
	const struct tb_table *t = tb_object_table(prog->obj, name);

	return t ? t->key_size : 0;
}

size_t tb_table_leaf_size(struct tb_prog *prog, const char *name)
{
	const struct tb_table *t = tb_object_table(prog->obj, name);

	return t ? t->leaf_size : 0;
}

int tb_map_lookup(int fd, const void *key, void *value)
{
	return bpf_lookup_elem(fd, (void *)key, value) < 0 ? -errno : 0;
}

int tb_map_sum_percpu_u64(int fd, const void *key, uint64_t *sum)
{
	int ncpus = tb_cpus_possible();
	uint64_t *values = calloc(ncpus > 0 ? ncpus : 1, sizeof(*values));
	int err;

	*sum = 0;
	if (!values)
		return -ENOMEM;
	/* a per-CPU map's value is one slot per possible CPU, each rounded up to 8 bytes */
	err = tb_map_lookup(fd, key, values);
	for (int i = 0; !err && i < ncpus; i++)
		*sum += values[i];
	free(values);
	return err;
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
