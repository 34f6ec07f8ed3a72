/* libFuzzer target for the compile cache's object deserializer (loader/compile/object.c): the bytes a
 * forger with write access to the cache could put there. Build with -DTB_FUZZ=ON and clang;
 * run: build/tests/fuzz_object -max_total_time=300 tests/fuzz/corpus/object */
#include <linux/bpf.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tb_log.h"
#include "tb_object.h"

#define HEADER 28 /* magic 8, format 4, key 8, checksum 8 */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tb_object *obj, *again;
	unsigned char *bytes;
	uint64_t key = 0, sum;
	const char *why;
	void *out;
	size_t len;

	if (size < HEADER)
		return tb_object_deserialize(data, size, 0, &why) ? __builtin_trap(), 0 : 0;
	/* a forger computes the checksum too: fix it so the fuzzer reaches the payload */
	bytes = malloc(size);
	memcpy(bytes, data, size);
	memcpy(&key, bytes + 12, sizeof(key));
	sum = tb_fnv1a(0xcbf29ce484222325ULL, bytes + HEADER, size - HEADER);
	memcpy(bytes + 20, &sum, sizeof(sum));
	obj = tb_object_deserialize(bytes, size, key, &why);
	if (obj) {
		/* what loads into the kernel: every relocation patched with a table's fd */
		for (uint32_t i = 0; i < obj->ntables; i++)
			obj->tables[i].fd = 1000 + i;
		for (uint32_t i = 0; i < obj->nfns; i++)
			free(tb_object_patched_insns(obj, &obj->fns[i]));
		for (uint32_t i = 0; i < obj->ntables; i++)
			obj->tables[i].fd = -1;
		/* the format is canonical: what was accepted serializes back byte for byte */
		if (tb_object_serialize(obj, key, &out, &len))
			__builtin_trap();
		if (len != size || memcmp(out, bytes, size))
			__builtin_trap();
		again = tb_object_deserialize(out, len, key, &why);
		if (!again)
			__builtin_trap();
		tb_object_free(again);
		free(out);
		tb_object_free(obj);
	} else if (!why) {
		__builtin_trap(); /* a refusal always says why */
	}
	free(bytes);
	return 0;
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	tb_log_set_tool("fuzz_object");
	return 0;
}
