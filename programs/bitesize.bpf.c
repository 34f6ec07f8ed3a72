/* bitesize: block I/O sizes in Kbytes as a log2 histogram per process name, counted at issue
 * (block_rq_issue, on every kernel), as BCC's bitesize does: the name is that of the process
 * on the CPU when the request goes to the device. */
#include <uapi/linux/ptrace.h>
#include "tb_bpf.h"
#include "bitesize.h"

/* Options from the frontend: TARG_DEV (-d). -c is applied when printing. */

BPF_HISTOGRAM(dist, struct bitesize_key, 10240);

TRACEPOINT_PROBE(block, block_rq_issue)
{
	struct bitesize_key key;

#ifdef TARG_DEV
	if (args->dev != TARG_DEV)
		return 0;
#endif
	__builtin_memset(&key, 0, sizeof(key));
	/* the tracepoint's comm field is a copy of the same name */
	bpf_get_current_comm(&key.comm, sizeof(key.comm));
	key.slot = bpf_log2l(args->bytes / 1024);
	dist.atomic_increment(key);
	return 0;
}
