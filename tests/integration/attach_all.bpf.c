/* BPF side of the loader's attach test: one counter per probe kind, bumped when it fires. */
#include <uapi/linux/ptrace.h>
#include <linux/fs.h>

BPF_ARRAY(hits, u64, 16);

static __always_inline void hit(int kind)
{
	u64 *v = hits.lookup(&kind);

	if (v)
		__sync_fetch_and_add(v, 1);
}

static __always_inline bool is_test(void)
{
	return (bpf_get_current_pid_tgid() >> 32) == TARG_PID;
}

TRACEPOINT_PROBE(syscalls, sys_enter_getppid)
{
	if (is_test())
		hit(0);
	return 0;
}

RAW_TRACEPOINT_PROBE(sys_enter)
{
	if (is_test())
		hit(1);
	return 0;
}

int on_uprobe(struct pt_regs *ctx)
{
	hit(2);
	return 0;
}

int on_uretprobe(struct pt_regs *ctx)
{
	hit(3);
	return 0;
}

int on_usdt_tick(struct pt_regs *ctx)
{
	int magic = 0; /* the probe declares it as a 4-byte argument (-4@$42) */

	/* tbtest:tick's second argument is always 42: checks the generated argument reader */
	bpf_usdt_readarg(2, ctx, &magic);
	if (magic == 42)
		hit(4);
	return 0;
}

int on_usdt_tock(struct pt_regs *ctx)
{
	hit(5);
	return 0;
}

int on_perf_event(struct bpf_perf_event_data *ctx)
{
	hit(6);
	return 0;
}

int kprobe__do_nanosleep(struct pt_regs *ctx)
{
	if (is_test())
		hit(7);
	return 0;
}

KFUNC_PROBE(do_nanosleep)
{
	if (is_test())
		hit(8);
	return 0;
}

LSM_PROBE(file_open, struct file *file)
{
	if (is_test())
		hit(9);
	return 0;
}
