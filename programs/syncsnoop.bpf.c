/* syncsnoop: one event per call of sync() or a relative (fsync, fdatasync, msync,
 * sync_file_range, syncfs), from the syscall entry tracepoints, as libbpf-tools' syncsnoop
 * does (BCC's uses kprobes on the same syscalls). */
#include "tb_bpf.h"
#include "syncsnoop.h"

BPF_PERF_OUTPUT(events);

static __always_inline int on_sync(void *ctx, u32 call)
{
	struct syncsnoop_event e = {};

	e.ts_ns = bpf_ktime_get_ns();
	e.call = call;
	bpf_get_current_comm(&e.comm, sizeof(e.comm));
	tb_count_lost(events.perf_submit(ctx, &e, sizeof(e)));
	return 0;
}

TRACEPOINT_PROBE(syscalls, sys_enter_sync)
{
	return on_sync(args, TB_SYNCSNOOP_SYNC);
}

TRACEPOINT_PROBE(syscalls, sys_enter_fsync)
{
	return on_sync(args, TB_SYNCSNOOP_FSYNC);
}

TRACEPOINT_PROBE(syscalls, sys_enter_fdatasync)
{
	return on_sync(args, TB_SYNCSNOOP_FDATASYNC);
}

TRACEPOINT_PROBE(syscalls, sys_enter_msync)
{
	return on_sync(args, TB_SYNCSNOOP_MSYNC);
}

TRACEPOINT_PROBE(syscalls, sys_enter_syncfs)
{
	return on_sync(args, TB_SYNCSNOOP_SYNCFS);
}

/* sync_file_range has a name of its own on some architectures (x86 has only the first), and
 * libbcc cannot compile a probe on a tracepoint this kernel lacks: TB_TP_ in tb_bpf.h */
#ifdef TB_TP_syscalls__sys_enter_sync_file_range
TRACEPOINT_PROBE(syscalls, sys_enter_sync_file_range)
{
	return on_sync(args, TB_SYNCSNOOP_SYNC_FILE_RANGE);
}
#endif

#ifdef TB_TP_syscalls__sys_enter_sync_file_range2
TRACEPOINT_PROBE(syscalls, sys_enter_sync_file_range2)
{
	return on_sync(args, TB_SYNCSNOOP_SYNC_FILE_RANGE2);
}
#endif

#ifdef TB_TP_syscalls__sys_enter_arm_sync_file_range
TRACEPOINT_PROBE(syscalls, sys_enter_arm_sync_file_range)
{
	return on_sync(args, TB_SYNCSNOOP_ARM_SYNC_FILE_RANGE);
}
#endif
