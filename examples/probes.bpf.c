/* Functions attached by options rather than by name: a uprobe and a uretprobe counted in a
 * table, a USDT probe whose arguments go to a perf output, and a cpu-clock perf event.
 * Run it against tests/progs/usdt_target (see docs/write-your-own.md):
 *   tbrun -c 'usdt_target 20' --uprobe usdt_target:tb_target_func=on_call \
 *         --uretprobe usdt_target:tb_target_func=on_return \
 *         --usdt usdt_target:tbtest:tick=on_tick --perf-event cpu-clock:99=on_sample \
 *         examples/probes.bpf.c */
#include <uapi/linux/ptrace.h>
#include <uapi/linux/bpf_perf_event.h>

struct tick {
	s64 i;
	int magic;
	u32 pid;
};

BPF_PERF_OUTPUT(ticks);
BPF_HASH(calls, u32, u64); /* 1: entries, 2: returns, 3: cpu-clock samples */

int on_call(struct pt_regs *ctx)
{
	u32 key = 1;

	calls.increment(key);
	return 0;
}

int on_return(struct pt_regs *ctx)
{
	u32 key = 2;

	calls.increment(key);
	return 0;
}

int on_tick(struct pt_regs *ctx)
{
	struct tick t = {};
	int magic = 0; /* read with the argument's own size (-4@$42: 4 bytes) */

	bpf_usdt_readarg(1, ctx, &t.i);
	bpf_usdt_readarg(2, ctx, &magic);
	t.magic = magic;
	t.pid = bpf_get_current_pid_tgid() >> 32;
	ticks.perf_submit(ctx, &t, sizeof(t));
	return 0;
}

int on_sample(struct bpf_perf_event_data *ctx)
{
	u32 key = 3;

	calls.increment(key);
	return 0;
}
