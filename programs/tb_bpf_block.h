/* BPF-side basics of the tools that follow a block request from tracepoint to tracepoint
 * (biosnoop, biotop): the tracepoints carry no request pointer, so a request is known by its
 * disk, direction and first sector, as BCC's biosnoop keys its maps. Inlined into each
 * program's embedded source at build time. */
#ifndef TB_BPF_BLOCK_H
#define TB_BPF_BLOCK_H

struct tb_rq_key {
	u32 dev;
	u32 rwflag;
	u64 sector;
};

/* A write when the rwbs text holds a 'W' before its end ("WS", "FWFS"), as BCC decides.
 * Read from a copy on the stack: the context allows constant offsets only. Returning at the
 * first 'W' or NUL keeps the verifier's paths linear: carrying two flags through all 8 bytes
 * made 4.19's verifier walk over its 131,072-instruction limit (E2BIG). */
static __always_inline u32 tb_rwbs_write(const char *rwbs)
{
	char c[8];

	__builtin_memcpy(c, rwbs, sizeof(c));
#pragma unroll
	for (int i = 0; i < 8; i++) {
		if (c[i] == 'W')
			return 1;
		if (!c[i])
			return 0;
	}
	return 0;
}

/* Zeroed whole: the key is hashed with its padding, and 4.14's verifier wants it written */
static __always_inline void tb_rq_key_make(struct tb_rq_key *key, u32 dev, u64 sector,
					   const char *rwbs)
{
	__builtin_memset(key, 0, sizeof(*key));
	key->dev = dev;
	key->rwflag = tb_rwbs_write(rwbs);
	key->sector = sector;
}

#endif
