/* The bundle: the compressed payload appended to the launcher, and its unpacked copy in the
 * tracebox cache (<cache root>/portable-<id>), made once and trusted afterwards. */
#ifndef TB_BUNDLE_H
#define TB_BUNDLE_H

#include <stdbool.h>
#include <stdint.h>

/* The file ends with this many bytes of text, written by scripts/build-portable.sh:
 * "TBBUNDLE1 <payload offset> <payload size> <id>" padded with spaces, then a newline.
 * The id is 16 hex digits of the compressed payload's SHA-256. */
#define TB_BUNDLE_TRAILER_LEN 64

struct tb_bundle {
	char self[4096];    /* the tracebox file */
	uint64_t offset;    /* the zstd-compressed tar in it */
	uint64_t size;
	char id[17];
	char root[4096];    /* the cache root (TRACEBOX_CACHE_DIR or /var/cache/tracebox) */
	char dir[4200];     /* the unpacked bundle: bin/, lib/, run/ */
};

/* Reads the trailer of the running file. */
int tb_bundle_open(struct tb_bundle *b);
/* Makes sure the unpacked copy exists and is trusted: a stat or two when it does, else an
 * extraction into a fresh directory that is renamed into place once verified. */
int tb_bundle_ready(struct tb_bundle *b);

#endif
