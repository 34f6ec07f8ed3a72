/* biolatency: block I/O latency as a log2 histogram, from the block tracepoints. They carry no
 * request pointer, so a request is matched from issue (or queueing, -Q) to completion by its
 * device and sector, and its flags are rebuilt from the rwbs text. */
#include <uapi/linux/ptrace.h>
#include "tb_bpf.h"
#include "biolatency.h"

/* Options from the frontend: TB_SECTION, MILLISECONDS, TARG_DEV (-d), TB_EXTENSION (-e), TB_START_IO_START or
 * TB_START_RQ_INSERT (-Q; else block_rq_issue), TB_DONE_RQ_COMPLETE (else block_io_done). */
#ifndef TB_SECTION
#define TB_SECTION TB_BIOLATENCY_ALL
#endif
#ifdef MILLISECONDS
#define FACTOR 1000000
#else
#define FACTOR 1000
#endif

struct start_key {
	u32 dev;
	u32 pad;
	u64 sector;
};

struct start_val {
	u64 ts;
	u64 flags;
};

BPF_HASH(start, struct start_key, struct start_val, 10240);
#if TB_SECTION == TB_BIOLATENCY_DISK
BPF_HISTOGRAM(dist, struct biolatency_disk_key, 4096);
#elif TB_SECTION == TB_BIOLATENCY_FLAGS
BPF_HISTOGRAM(dist, struct biolatency_flags_key, 4096);
#else
BPF_HISTOGRAM(dist);
#endif
#ifdef TB_EXTENSION
BPF_ARRAY(extension, struct biolatency_ext, 1);
#endif

/* blk_fill_rwbs(): [F]OP[F][A][S][M]...: a leading F before the op is a pre-flush, F alone
 * the flush op, F after the op FUA. */
static __always_inline u64 rwbs_flags(const char *rwbs)
{
	/* values, not indexes: a variable index into the buffer becomes pointer maths the
	 * verifier refuses */
	char c0 = rwbs[0], c1 = rwbs[1], c2 = rwbs[2];
	bool preflush = c0 == 'F' && (c1 == 'R' || c1 == 'W' || c1 == 'D' || c1 == 'N' || c1 == 'F');
	char op = preflush ? c1 : c0, next = preflush ? c2 : c1;
	u64 flags;

	switch (op) {
	case 'R': flags = TB_BIO_OP_READ; break;
	case 'W': flags = TB_BIO_OP_WRITE; break;
	case 'F': flags = TB_BIO_OP_FLUSH; break;
	case 'D': flags = next == 'E' ? TB_BIO_OP_SECURE_ERASE : TB_BIO_OP_DISCARD; break;
	default: flags = TB_BIO_OP_UNKNOWN; break;
	}
	if (next == 'F')
		flags |= TB_BIO_REQ_FUA;
	/* A, S and M are distinct letters wherever they stand after the op */
#pragma unroll
	for (int i = 1; i < 8; i++) {
		char c = rwbs[i];

		if (c == 'A')
			flags |= TB_BIO_REQ_RAHEAD;
		else if (c == 'S')
			flags |= TB_BIO_REQ_SYNC;
		else if (c == 'M')
			flags |= TB_BIO_REQ_META;
	}
	return flags;
}

static __always_inline int on_start(u32 dev, u64 sector, const char *rwbs)
{
	struct start_key key = {};
	struct start_val val = {};

#ifdef TARG_DEV
	if (dev != TARG_DEV)
		return 0;
#endif
	key.dev = dev;
	key.pad = 0;
	key.sector = sector;
	val.ts = bpf_ktime_get_ns();
#if TB_SECTION == TB_BIOLATENCY_FLAGS
	/* the context allows constant offsets only: parse a copy on the stack */
	char copy[8];
	__builtin_memcpy(copy, rwbs, sizeof(copy));
	val.flags = rwbs_flags(copy);
#endif
	start.update(&key, &val);
	return 0;
}

static __always_inline int on_done(u32 dev, u64 sector)
{
	struct start_key key = {};
	struct start_val *valp;
	u64 delta;

	key.dev = dev;
	key.pad = 0;
	key.sector = sector;
	valp = start.lookup(&key);
	if (!valp)
		return 0; /* issued before we started */
	delta = (bpf_ktime_get_ns() - valp->ts) / FACTOR;
#ifdef TB_EXTENSION
	u32 zero = 0;
	struct biolatency_ext *ext = extension.lookup(&zero);
	if (ext) {
		__sync_fetch_and_add(&ext->total, delta);
		__sync_fetch_and_add(&ext->count, 1);
	}
#endif
#if TB_SECTION == TB_BIOLATENCY_DISK
	struct biolatency_disk_key dkey = {};
	dkey.dev = dev;
	dkey.pad = 0;
	dkey.slot = bpf_log2l(delta);
	dist.atomic_increment(dkey);
#elif TB_SECTION == TB_BIOLATENCY_FLAGS
	struct biolatency_flags_key fkey = {};
	fkey.flags = valp->flags;
	fkey.slot = bpf_log2l(delta);
	dist.atomic_increment(fkey);
#else
	dist.atomic_increment(bpf_log2l(delta));
#endif
	start.delete(&key);
	return 0;
}

#if defined(TB_START_IO_START)
TRACEPOINT_PROBE(block, block_io_start)
{
	return on_start(args->dev, args->sector, args->rwbs);
}
#elif defined(TB_START_RQ_INSERT)
TRACEPOINT_PROBE(block, block_rq_insert)
{
	return on_start(args->dev, args->sector, args->rwbs);
}
#else
TRACEPOINT_PROBE(block, block_rq_issue)
{
	return on_start(args->dev, args->sector, args->rwbs);
}
#endif

#ifdef TB_DONE_RQ_COMPLETE
TRACEPOINT_PROBE(block, block_rq_complete)
{
	return on_done(args->dev, args->sector);
}
#else
TRACEPOINT_PROBE(block, block_io_done)
{
	return on_done(args->dev, args->sector);
}
#endif
