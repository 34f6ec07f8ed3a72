/* Test helper for trust.sh: forges a compile cache entry the way someone able to write the
 * cache could, consistent and checksummed: the first function's last map relocation is dropped,
 * so its map-loading instruction would keep whatever fd number the compile had. The format is
 * loader/compile/object.c's. Usage: forge_entry FILE (rewritten in place). Exit 2: nothing to drop. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static unsigned char *buf;
static size_t len, pos;

static uint32_t u32(void)
{
	uint32_t v = 0;

	if (pos + 4 <= len)
		memcpy(&v, buf + pos, 4);
	pos += 4;
	return v;
}

static void skip_str(void)
{
	pos += u32();
}

int main(int argc, char **argv)
{
	FILE *f = argc == 2 ? fopen(argv[1], "rb") : NULL;
	uint64_t sum = 0xcbf29ce484222325ULL;
	uint32_t ntables, nfns;

	if (!f)
		return fprintf(stderr, "usage: forge_entry FILE\n"), 1;
	buf = malloc(64 << 20);
	len = fread(buf, 1, 64 << 20, f);
	fclose(f);
	pos = 28;              /* magic, format, key, checksum */
	skip_str();            /* license */
	pos += 4;              /* kern_version */
	ntables = u32();
	for (uint32_t i = 0; i < ntables; i++) {
		skip_str();    /* name */
		pos += 5 * 4;  /* type, key and leaf size, max entries, flags */
		skip_str();    /* key_desc */
		skip_str();    /* leaf_desc */
		for (uint32_t n = u32(); n; n--)
			skip_str(); /* perf fields */
	}
	nfns = u32();
	for (uint32_t i = 0; i < nfns && pos < len; i++) {
		size_t count_at;
		uint32_t nrelocs;

		skip_str();
		pos += (size_t)u32() * 8; /* instructions */
		count_at = pos;
		nrelocs = u32();
		if (!nrelocs)
			continue;
		/* drop the last relocation: the count goes down by one and its 8 bytes go */
		nrelocs--;
		memcpy(buf + count_at, &nrelocs, 4);
		pos += (size_t)nrelocs * 8;
		memmove(buf + pos, buf + pos + 8, len - pos - 8);
		len -= 8;
		for (size_t k = 28; k < len; k++)
			sum = (sum ^ buf[k]) * 0x100000001b3ULL;
		memcpy(buf + 20, &sum, 8);
		f = fopen(argv[1], "wb");
		if (!f || fwrite(buf, 1, len, f) != len || fclose(f))
			return perror(argv[1]), 1;
		return 0;
	}
	fprintf(stderr, "forge_entry: no function with a relocation in %s\n", argv[1]);
	return 2;
}
