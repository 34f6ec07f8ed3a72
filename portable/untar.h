/* A streaming reader of the bundle's tar payload (ustar: files, directories, symlinks) that
 * writes what it reads under one directory. */
#ifndef TB_UNTAR_H
#define TB_UNTAR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct tb_untar {
	int dirfd;              /* where entries are created */
	unsigned char hdr[512]; /* the header being gathered */
	size_t hdr_len;
	uint64_t left;          /* data bytes of the current file still to come */
	uint64_t pad;           /* then zero bytes up to the next 512-byte block */
	int fd;                 /* the file being written, or -1 */
	int zero_blocks;        /* two in a row end the archive */
	uint64_t files, bytes;  /* written so far */
	char name[260];         /* current entry, for messages */
};

void tb_untar_init(struct tb_untar *u, int dirfd);
/* Consumes len bytes of the archive; -1 (with the error printed) on a bad entry or a write. */
int tb_untar_feed(struct tb_untar *u, const unsigned char *buf, size_t len);
/* true when the archive ended where it should: its end blocks seen, no entry cut short. */
bool tb_untar_complete(const struct tb_untar *u);
void tb_untar_abort(struct tb_untar *u);

#endif
