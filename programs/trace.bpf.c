/* trace: the fixed part of the program trace writes. The frontend appends one function per
 * probe of its command line (--dump-bpf shows them), each filling a trace_event in the per-CPU
 * slot below and sending the head plus that probe's values. */
#include <uapi/linux/ptrace.h>
#include <linux/sched.h>
#include "tb_bpf.h"
#include "trace.h"

BPF_PERF_OUTPUT(events);
/* 4 KB of values do not fit a BPF stack (512 bytes): one event per CPU is built in a map */
BPF_PERCPU_ARRAY(trace_slot, struct tbtrace_event, 1);

/* trace's own PID, set before the probes attach: they skip it unless -S */
BPF_ARRAY(trace_self, u32, 1);
