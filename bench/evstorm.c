/* bench: the loader's event path under a storm. A child makes N getppid() calls; each emits
 * one perf event, which this process counts without printing. Prints the storm's rate, the
 * events received and lost, this process's CPU per event (the consumer's cost), and how many
 * events came out of order: with --hop K the child moves to the other CPU every K calls, so
 * its events are spread over two CPUs' buffers, and each carries its call's number.
 *   evstorm N [--hop K] [--wakeup W] [--perf-pages P]   (common options as every tool)
 * TRACEBOX_UNORDERED=1 measures the loader's per-CPU path without the time merge. */
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tracebox.h"

TB_BPF_SOURCE_DECLARE(evstorm);

static unsigned long long received, out_of_order, max_seq;
static long hop;

struct storm_event {
	unsigned long long seq;
	unsigned int pid, cpu;
};

static void count_event(void *ctx, int cpu, const void *data, unsigned int size)
{
	const struct storm_event *e = data;

	received++;
	/* numbered in call order: one with a smaller number than one already seen came late */
	if (size >= sizeof(*e)) {
		if (received > 1 && e->seq < max_seq)
			out_of_order++;
		else
			max_seq = e->seq;
	}
}

static void pin(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	sched_setaffinity(0, sizeof(set), &set);
}

static error_t parse_opt(int key, char *arg, struct argp_state *state)
{
	if (key != 'H')
		return ARGP_ERR_UNKNOWN;
	if (tb_parse_long(arg, 1, 1000000000L, "--hop", &hop))
		argp_usage(state);
	return 0;
}

static double cpu_ms(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_utime.tv_sec * 1e3 + ru.ru_utime.tv_usec / 1e3 + ru.ru_stime.tv_sec * 1e3 +
	       ru.ru_stime.tv_usec / 1e3;
}

int main(int argc, char **argv)
{
	static const struct argp_child children[] = { { &tb_common_argp, 0, NULL, 0 }, { 0 } };
	static const struct argp_option options[] = {
		{ "hop", 'H', "K", 0, "Move the storm to the other CPU every K calls", 0 }, { 0 } };
	static const struct argp argp = { options, parse_opt, "N", NULL, children, NULL, NULL };
	int go[2], idx = 0, status;
	struct tb_prog *prog = NULL;
	char flag[64];
	long n = 1000000;
	double cpu0, t0, storm_ms;
	pid_t child;

	tb_log_set_tool("evstorm");
	if (argp_parse(&argp, argc, argv, 0, &idx, NULL))
		return 1;
	if (idx < argc && tb_parse_long(argv[idx], 1, 1000000000L, "N", &n))
		return 1;
	/* the child waits on a pipe until the probes are attached */
	if (pipe(go))
		return 1;
	child = fork();
	if (child == 0) {
		char c;
		close(go[1]);
		if (read(go[0], &c, 1) != 1)
			_exit(1);
		for (long i = 0; i < n; i++) {
			if (hop && i % hop == 0)
				pin((i / hop) % 2);
			syscall(SYS_getppid);
		}
		_exit(0);
	}
	close(go[0]);
	snprintf(flag, sizeof(flag), "-DTARG_PID=%d", child);
	prog = tb_prog_compile(&(struct tb_prog_opts){ .source = tb_bpf_evstorm,
		.source_name = tb_bpf_evstorm_name, .cflags = (const char *const[]){ flag }, .ncflags = 1 });
	if (!prog || tb_attach_tracepoint(prog, "syscalls:sys_enter_getppid",
					  "tracepoint__syscalls__sys_enter_getppid") ||
	    tb_perfbuf_open(prog, "events", count_event, NULL)) {
		kill(child, SIGKILL);
		tb_prog_destroy(prog);
		return 1;
	}
	cpu0 = cpu_ms();
	t0 = tb_monotonic_ns() / 1e6;
	if (write(go[1], "g", 1) != 1)
		return 1;
	while (waitpid(child, &status, WNOHANG) == 0)
		tb_prog_poll(prog, 100);
	storm_ms = tb_monotonic_ns() / 1e6 - t0;
	/* what is still buffered belongs to the storm, the reorder window included */
	tb_prog_poll(prog, 0);
	tb_prog_drain(prog);
	printf("calls=%ld storm_ms=%.0f rate=%.0f received=%llu lost=%llu out_of_order=%llu "
	       "consumer_ns_per_event=%.0f\n", n, storm_ms, n / storm_ms * 1e3, received,
	       (unsigned long long)tb_prog_lost_events(prog), out_of_order,
	       received ? (cpu_ms() - cpu0) * 1e6 / received : 0.0);
	fflush(stdout);
	tb_prog_destroy(prog);
	return 0;
}
