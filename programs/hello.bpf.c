/* hello: the smallest tracebox program. It runs in the kernel each time any process enters
 * write(), and prints one line to the kernel's trace pipe, which frontends/hello.c reads.
 *
 * This is BCC's C dialect: libbcc compiles it when the tool starts, so macros like
 * TRACEPOINT_PROBE and helpers like bpf_trace_printk need no include. */
#include "hello.h"

/* Options arrive as -D flags from the frontend; these defaults make the file compile alone
 * (hello --dump-bpf > my.bpf.c; hello --bpf-file my.bpf.c).
 *   HELLO_ID  hello's own PID: marks our lines in the trace pipe, which the whole machine
 *             shares, and lets us skip hello's own writes: printing a line is a write(), which
 *             would be traced, printed, traced again...
 *   TARG_PID  -p PID: trace only this process. */
#ifndef HELLO_ID
#define HELLO_ID 0
#endif
#define HELLO_STR(x) #x
#define HELLO_XSTR(x) HELLO_STR(x)
#define HELLO_ID_TEXT HELLO_XSTR(HELLO_ID)

/* Attached to the syscalls:sys_enter_write tracepoint. `args` holds the tracepoint's fields, as
 * listed in /sys/kernel/tracing/events/syscalls/sys_enter_write/format: fd, buf, count. */
TRACEPOINT_PROBE(syscalls, sys_enter_write)
{
	/* the upper 32 bits are the process ID (tgid), the lower ones the thread ID */
	u32 pid = bpf_get_current_pid_tgid() >> 32;

	if (pid == HELLO_ID)
		return 0;
#ifdef TARG_PID
	if (pid != TARG_PID)
		return 0;
#endif
	/* at most three arguments (our marker, HELLO_ID, goes into the format itself); the
	 * kernel adds a task name, thread ID, CPU and time, but its name may be out of date:
	 * the one at this write is read here */
	char comm[16];

	bpf_get_current_comm(&comm, sizeof(comm));
	bpf_trace_printk(TB_HELLO_TAG HELLO_ID_TEXT ": %s" TB_HELLO_SEP "write() by pid %d, %d bytes\n",
			 comm, pid, (int)args->count);
	return 0;
}
