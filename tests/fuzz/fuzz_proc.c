/* libFuzzer target: the /proc parsers: /proc/PID/stat's state (loader/symbols/proc.c), maps lines,
 * and /proc/kallsyms (loader/symbols/kallsyms.c) with look-ups at addresses taken from the input. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tb_proc.h"
#include "tb_stacks.h"

int LLVMFuzzerTestOneInput(const uint8_t *in, size_t len)
{
	char *text = malloc(len + 1), *copy, *line, *save;
	struct tb_ksyms *ks;
	char out[256];
	FILE *f;

	memcpy(text, in, len);
	text[len] = 0;
	tb_proc_stat_state(text);

	copy = strdup(text);
	for (line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *path = tb_proc_maps_path(line);

		if (path && (path < line || *path != '/'))
			abort();
	}
	free(copy);

	f = fmemopen(text, len ? len : 1, "r");
	ks = f ? tb_ksyms_parse(f) : NULL;
	if (f)
		fclose(f);
	if (ks) {
		/* addresses from the input's first bytes, and around both ends */
		uint64_t addrs[] = { 0, 1, UINT64_MAX, 0xffffffff81000000ull, 0 };

		if (len >= 8)
			memcpy(&addrs[4], in, 8);
		for (size_t i = 0; i < sizeof(addrs) / sizeof(addrs[0]); i++) {
			tb_ksyms_lookup(ks, addrs[i]);
			tb_ksym_format(ks, addrs[i], TB_SYM_OFFSET | TB_SYM_MODULE, out, sizeof(out));
			tb_ksym_format(ks, addrs[i], 0, out, 8);
		}
		tb_ksyms_free(ks);
	}
	free(text);
	return 0;
}
