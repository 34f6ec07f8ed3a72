/* biosnoop: one event per completed block I/O request, from the block tracepoints. They carry
 * no request pointer, so a request is followed from creation to issue to completion by its
 * disk, direction and first sector, as BCC's biosnoop keys its maps. The process is the one
 * the request was created in: block_io_start where the kernel has it (6.5+, BCC's choice),
 * else block_getrq (every kernel: a request allocated for a bio, in the submitter). */
#include <uapi/linux/ptrace.h>
#include "tb_bpf.h"
#include "biosnoop.h"

/* Options from the frontend: TARG_DEV (-d). */

struct rq_key {
	u32 dev;
	u32 rwflag;
	u64 sector;
};

struct origin {
	u64 ts;
	u32 pid;
	u32 pad;
	char comm[TB_BIOSNOOP_COMM_LEN];
};

struct issue {
	u64 ts;
	u32 bytes;
	u32 pid;
	char comm[TB_BIOSNOOP_COMM_LEN];
};

/* LRU: a request created and then merged into another one is never issued, and its entry
 * would stay for ever in a plain hash */
BPF_TABLE("lru_hash", struct rq_key, struct origin, origins, 10240);
BPF_TABLE("lru_hash", struct rq_key, struct issue, issues, 10240);
BPF_PERF_OUTPUT(events);

/* A write when the rwbs text holds a 'W' before its end ("WS", "FWFS"), as BCC decides.
 * Read from a copy on the stack: the context allows constant offsets only. Returning at the
 * first 'W' or NUL keeps the verifier's paths linear: carrying two flags through all 8 bytes
 * made 4.19's verifier walk over its 131,072-instruction limit (E2BIG). */
static __always_inline u32 rwbs_write(const char *rwbs)
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

static __always_inline void make_key(struct rq_key *key, u32 dev, u64 sector, const char *rwbs)
{
	__builtin_memset(key, 0, sizeof(*key));
	key->dev = dev;
	key->rwflag = rwbs_write(rwbs);
	key->sector = sector;
}

static __always_inline int on_origin(u32 dev, u64 sector, const char *rwbs)
{
	struct rq_key key;
	struct origin val;

#ifdef TARG_DEV
	if (dev != TARG_DEV)
		return 0;
#endif
	make_key(&key, dev, sector, rwbs);
	__builtin_memset(&val, 0, sizeof(val));
	val.ts = bpf_ktime_get_ns();
	val.pid = bpf_get_current_pid_tgid() >> 32;
	bpf_get_current_comm(&val.comm, sizeof(val.comm));
	origins.update(&key, &val);
	return 0;
}

#ifdef TB_TP_block__block_io_start
TRACEPOINT_PROBE(block, block_io_start)
{
	return on_origin(args->dev, args->sector, args->rwbs);
}
#else
TRACEPOINT_PROBE(block, block_getrq)
{
	return on_origin(args->dev, args->sector, args->rwbs);
}
#endif

TRACEPOINT_PROBE(block, block_rq_issue)
{
	struct rq_key key;
	struct issue val;

#ifdef TARG_DEV
	if (args->dev != TARG_DEV)
		return 0;
#endif
	make_key(&key, args->dev, args->sector, args->rwbs);
	__builtin_memset(&val, 0, sizeof(val));
	val.ts = bpf_ktime_get_ns();
	val.bytes = args->bytes;
	/* the process issuing it: printed when the request's creation was not seen */
	val.pid = bpf_get_current_pid_tgid() >> 32;
	bpf_get_current_comm(&val.comm, sizeof(val.comm));
	issues.update(&key, &val);
	return 0;
}

/* block_rq_complete, not block_io_done (BCC's on 6.5+): it is on every kernel, and fires for
 * requests the I/O statistics leave out (flushes; a queue with iostats off) */
TRACEPOINT_PROBE(block, block_rq_complete)
{
	struct biosnoop_event e;
	struct rq_key key;
	struct issue *iss;
	struct origin *org;
	u64 now;

#ifdef TARG_DEV
	if (args->dev != TARG_DEV)
		return 0;
#endif
	make_key(&key, args->dev, args->sector, args->rwbs);
	iss = issues.lookup(&key);
	if (!iss)
		return 0; /* issued before tracing began */
	now = bpf_ktime_get_ns();
	__builtin_memset(&e, 0, sizeof(e));
	e.ts_ns = now;
	e.sector = key.sector;
	e.delta_ns = now - iss->ts;
	e.dev = key.dev;
	e.bytes = iss->bytes;
	e.rwflag = key.rwflag;
	e.pid = iss->pid;
	__builtin_memcpy(e.comm, iss->comm, sizeof(e.comm));
	org = origins.lookup(&key);
	if (org) {
		e.pid = org->pid;
		__builtin_memcpy(e.comm, org->comm, sizeof(e.comm));
		if (org->ts <= iss->ts)
			e.qdelta_ns = iss->ts - org->ts;
		origins.delete(&key);
	}
	issues.delete(&key);
	tb_count_lost(events.perf_submit(args, &e, sizeof(e)));
	return 0;
}
