/* BPF side of the tools that follow a block request from its creation to its completion
 * (biosnoop, biotop): the tracepoints carry no request pointer, so a request is known by its
 * disk, direction and first sector, as BCC's biosnoop keys its maps. This header holds the two
 * tables and the creation and issue probes; the tool's block_rq_complete calls tb_rq_done().
 * The process is the one the request was created in: block_io_start where the kernel has it
 * (6.5+, BCC's choice), else block_getrq (every kernel: a request allocated for a bio, in the
 * submitter); loader/tool/tb_block.h attaches the one compiled here. Inlined into each
 * program's embedded source at build time.
 * Options: TARG_DEV (one disk), TB_RQ_DATA_ONLY (requests of 0 bytes, flushes, left out). */
#ifndef TB_BPF_BLOCK_H
#define TB_BPF_BLOCK_H

#define TB_RQ_COMM_LEN 16

struct tb_rq_key {
	u32 dev;
	u32 rwflag;
	u64 sector;
};

struct tb_rq_origin {
	u64 ts;
	u32 pid;
	u32 pad;
	char comm[TB_RQ_COMM_LEN];
};

struct tb_rq_issue {
	u64 ts;
	u32 bytes;
	u32 pid;
	char comm[TB_RQ_COMM_LEN];
};

/* A completed request, as tb_rq_done() gives it */
struct tb_rq {
	u64 sector;
	u64 issue_ts;
	u64 origin_ts; /* 0 when the creation was not seen */
	u32 dev;
	u32 rwflag;
	u32 bytes;     /* its size at issue */
	u32 pid;       /* the process it was created in, else the one issuing it */
	char comm[TB_RQ_COMM_LEN];
};

/* LRU: a request created and then merged into another one is never issued, and its entry
 * would stay for ever in a plain hash */
BPF_TABLE("lru_hash", struct tb_rq_key, struct tb_rq_origin, tb_rq_origins, 10240);
BPF_TABLE("lru_hash", struct tb_rq_key, struct tb_rq_issue, tb_rq_issues, 10240);

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

static __always_inline int tb_rq_on_origin(u32 dev, u64 sector, const char *rwbs)
{
	struct tb_rq_key key;
	struct tb_rq_origin val;

#ifdef TARG_DEV
	if (dev != TARG_DEV)
		return 0;
#endif
	tb_rq_key_make(&key, dev, sector, rwbs);
	__builtin_memset(&val, 0, sizeof(val));
	val.ts = bpf_ktime_get_ns();
	val.pid = bpf_get_current_pid_tgid() >> 32;
	bpf_get_current_comm(&val.comm, sizeof(val.comm));
	tb_rq_origins.update(&key, &val);
	return 0;
}

#ifdef TB_TP_block__block_io_start
TRACEPOINT_PROBE(block, block_io_start)
{
	return tb_rq_on_origin(args->dev, args->sector, args->rwbs);
}
#else
TRACEPOINT_PROBE(block, block_getrq)
{
	return tb_rq_on_origin(args->dev, args->sector, args->rwbs);
}
#endif

TRACEPOINT_PROBE(block, block_rq_issue)
{
	struct tb_rq_key key;
	struct tb_rq_issue val;

#ifdef TARG_DEV
	if (args->dev != TARG_DEV)
		return 0;
#endif
#ifdef TB_RQ_DATA_ONLY
	if (!args->bytes)
		return 0;
#endif
	tb_rq_key_make(&key, args->dev, args->sector, args->rwbs);
	__builtin_memset(&val, 0, sizeof(val));
	val.ts = bpf_ktime_get_ns();
	val.bytes = args->bytes;
	/* the process issuing it: the request's when its creation was not seen */
	val.pid = bpf_get_current_pid_tgid() >> 32;
	bpf_get_current_comm(&val.comm, sizeof(val.comm));
	tb_rq_issues.update(&key, &val);
	return 0;
}

/* At block_rq_complete: fills *rq and forgets the request. 0, or -1 for a request not followed
 * (issued before tracing began, another disk, left out). block_rq_complete rather than
 * block_io_done (BCC's on 6.5+): it is on every kernel. */
static __always_inline int tb_rq_done(struct tb_rq *rq, u32 dev, u64 sector, const char *rwbs)
{
	struct tb_rq_key key;
	struct tb_rq_issue *iss;
	struct tb_rq_origin *org;

#ifdef TARG_DEV
	if (dev != TARG_DEV)
		return -1;
#endif
	tb_rq_key_make(&key, dev, sector, rwbs);
	iss = tb_rq_issues.lookup(&key);
	if (!iss)
		return -1;
	__builtin_memset(rq, 0, sizeof(*rq));
	rq->sector = sector;
	rq->issue_ts = iss->ts;
	rq->dev = dev;
	rq->rwflag = key.rwflag;
	rq->bytes = iss->bytes;
	rq->pid = iss->pid;
	__builtin_memcpy(rq->comm, iss->comm, sizeof(rq->comm));
	org = tb_rq_origins.lookup(&key);
	if (org) {
		rq->origin_ts = org->ts;
		rq->pid = org->pid;
		__builtin_memcpy(rq->comm, org->comm, sizeof(rq->comm));
		tb_rq_origins.delete(&key);
	}
	tb_rq_issues.delete(&key);
	return 0;
}

#endif
