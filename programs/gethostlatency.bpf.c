/* gethostlatency: uprobes on getaddrinfo(), gethostbyname() and gethostbyname2() keep the
 * name looked up and the time per thread; their uretprobes send it with the latency. */
#include <uapi/linux/ptrace.h>
#include "tb_bpf.h"
#include "gethostlatency.h"

/* Options from the frontend, as -D flags: TARG_PID (-p), the process traced. */

/* calls under way, by thread id: the event to send, its ns the call's start */
BPF_HASH(start, u32, struct gethostlatency_event);
BPF_PERF_OUTPUT(events);

/* the same entry for the three: the host name is each one's first argument */
int on_lookup_entry(struct pt_regs *ctx)
{
	struct gethostlatency_event e;
	u64 id = bpf_get_current_pid_tgid();
	u32 tid = (u32)id;
	const char *host = (const char *)PT_REGS_PARM1(ctx);

#ifdef TARG_PID
	/* the uprobe is bound to the process too: this keeps -p exact however it is attached */
	if ((u32)(id >> 32) != TARG_PID)
		return 0;
#endif
	if (!host)
		return 0;
	/* zeroed whole (padding and the host's tail): it goes into a hash, then to user space */
	__builtin_memset(&e, 0, sizeof(e));
	e.pid = id >> 32;
	bpf_get_current_comm(&e.comm, sizeof(e.comm));
	bpf_probe_read_user_str(e.host, sizeof(e.host), host);
	e.ns = bpf_ktime_get_ns();
	start.update(&tid, &e); /* from the stack: kernels before 4.16 need that */
	return 0;
}

int on_lookup_return(struct pt_regs *ctx)
{
	struct gethostlatency_event e;
	struct gethostlatency_event *s;
	u64 now = bpf_ktime_get_ns();
	u32 tid = (u32)bpf_get_current_pid_tgid();

	s = start.lookup(&tid);
	if (!s)
		return 0; /* the call began before the probes were attached */
	/* sent from the stack, the form every kernel's perf_event_output takes */
	bpf_probe_read_kernel(&e, sizeof(e), s);
	start.delete(&tid);
	e.ns = now - e.ns;
	tb_count_lost(events.perf_submit(ctx, &e, sizeof(e)));
	return 0;
}
