/* bashreadline: a uretprobe on bash's readline() (or readline_internal_teardown()), whose
 * return value is the line just entered, a string in the shell's memory. */
#include <uapi/linux/ptrace.h>
#include "tb_bpf.h"
#include "bashreadline.h"

BPF_PERF_OUTPUT(events);

int on_readline_return(struct pt_regs *ctx)
{
	struct bashreadline_event e = {};
	char *line = (char *)PT_REGS_RC(ctx);
	char comm[16] = {};
	long n;

	/* as BCC: only shells named bash (a shared libreadline also serves gdb, python...) */
	bpf_get_current_comm(&comm, sizeof(comm));
	if (comm[0] != 'b' || comm[1] != 'a' || comm[2] != 's' || comm[3] != 'h' || comm[4])
		return 0;
	if (!line) /* end of input (Ctrl-D) */
		return 0;
	e.pid = bpf_get_current_pid_tgid() >> 32;
	n = bpf_probe_read_user_str(e.line, sizeof(e.line), line);
	/* an empty line reads as 1 (the NUL) on recent kernels but 0 on older ones (6.1):
	 * only a negative result is a failed read */
	if (n < 0)
		return 0;
	e.len = n;
	tb_count_lost(events.perf_submit(ctx, &e, sizeof(e)));
	return 0;
}
