/* libFuzzer target: what the BTF header tree generator (loader/kernel/btf_tree.c) reads from files:
 * the kernel's .config (/proc/config.gz), line by line into autoconf.h defines, and a release
 * string into LINUX_VERSION_CODE. Needs no change to btf_tree.c: both are its public helpers.
 * Input: a byte giving the output buffer's size, then the .config text. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tb_kheaders.h"

int LLVMFuzzerTestOneInput(const uint8_t *in, size_t len)
{
	char *text, *line, *save, *out;
	size_t out_len;

	if (len < 1)
		return 0;
	out_len = in[0] ? in[0] : 4096; /* small buffers test the "too small" answer */
	out = malloc(out_len);
	text = strndup((const char *)in + 1, len - 1);
	tb_kernel_version_code(text);
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		int r = tb_kconfig_define(line, out, out_len);

		if (r < -1 || r > 1)
			abort();
		if (r == 1 && (strncmp(out, "#define CONFIG_", 15) || !memchr(out, '\n', out_len) ||
			       strchr(out, '\n')[1]))
			abort(); /* one define, one line */
	}
	free(text);
	free(out);
	return 0;
}
