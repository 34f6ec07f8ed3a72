/* The recipe every declared tool runs (see tb_tool.h): one exit path, in one place. */
#include <stdio.h>
#include <string.h>

#include "tracebox.h"
#include "tb_tool.h"

/* BCC's macro names: TRACEPOINT_PROBE(category, event), RAW_TRACEPOINT_PROBE(event). */
static const char *default_fn(const struct tb_probe *p, char *buf, size_t len)
{
	const char *colon;

	if (p->fn)
		return p->fn;
	switch (p->kind) {
	case TB_TRACEPOINT:
		colon = strchr(p->target, ':');
		if (!colon)
			return NULL;
		snprintf(buf, len, "tracepoint__%.*s__%s", (int)(colon - p->target), p->target,
			 colon + 1);
		return buf;
	case TB_RAW_TRACEPOINT:
		snprintf(buf, len, "raw_tracepoint__%s", p->target);
		return buf;
	default:
		return NULL;
	}
}

/* Whether an optional probe's target is on this kernel. */
static bool probe_present(const struct tb_probe *p)
{
	char sym[128];

	switch (p->kind) {
	case TB_TRACEPOINT:
		return tb_tracepoint_exists(p->target);
	case TB_RAW_TRACEPOINT:
		return tb_raw_tracepoint_exists(p->target);
	case TB_KPROBE:
	case TB_KRETPROBE:
		return tb_kprobe_exists(p->target);
	case TB_SYSCALL_KPROBE:
		return tb_kprobe_exists(tb_syscall_fnname(p->target, sym, sizeof(sym)));
	default:
		return true;
	}
}

int tb_probe_attach(struct tb_prog *prog, const struct tb_probe *p)
{
	char buf[160], sym[128];
	const char *fn = default_fn(p, buf, sizeof(buf));

	if (!fn) {
		tb_error("probe %s: no BPF function named (a bug in the tool's description)",
			 p->target ? p->target : "?");
		return -1;
	}
	if (p->when && !*p->when)
		return 0;
	if ((p->flags & TB_PROBE_OPTIONAL) && !probe_present(p)) {
		tb_info("skipping %s: not on this kernel", p->target ? p->target : fn);
		return 0;
	}
	switch (p->kind) {
	case TB_TRACEPOINT:
		return tb_attach_tracepoint(prog, p->target, fn);
	case TB_RAW_TRACEPOINT:
		return tb_attach_raw_tracepoint(prog, p->target, fn);
	case TB_KPROBE:
	case TB_KRETPROBE:
		return tb_attach_kprobe(prog, p->target, fn, p->kind == TB_KRETPROBE);
	case TB_SYSCALL_KPROBE:
		return tb_attach_kprobe(prog, tb_syscall_fnname(p->target, sym, sizeof(sym)), fn,
					false);
	case TB_KFUNC:
		return tb_attach_kfunc(prog, fn);
	case TB_LSM:
		return tb_attach_lsm(prog, fn);
	default:
		tb_error("probe %s: unknown kind %d", fn, (int)p->kind);
		return -1;
	}
}

int tb_probes_attach(struct tb_prog *prog, const struct tb_probe *probes)
{
	for (const struct tb_probe *p = probes; p && p->kind != TB_PROBE_END; p++)
		if (tb_probe_attach(prog, p))
			return -1;
	return 0;
}

/* The method the kernel or --attach chooses (tb_tool.choice), and the -D flag compiling the BPF
 * source's variant for it. */
static int choose_method(const struct tb_tool *tool, struct tb_cflags *cflags)
{
	if (!tool->choice)
		return 0;
	if (tb_choose_attach(*tool->method, tool->choice, tool->method))
		return -1;
	return tb_cflags_add(cflags, "%s", tb_attach_method_cflag(*tool->method));
}

static struct tb_prog *compile(const struct tb_tool *tool, const char *source,
			       const struct tb_cflags *cflags)
{
	struct tb_usdt *usdt = NULL;

	if (tool->open_usdt && tool->open_usdt(&usdt))
		return NULL;
	return tb_prog_compile(&(struct tb_prog_opts){
		.source = source, .source_name = tool->source_name,
		.cflags = (const char *const *)cflags->argv, .ncflags = cflags->n,
		.usdt = usdt ? &usdt : NULL, .nusdt = usdt ? 1 : 0 });
}

/* Events shorter than the tool's struct are never handed to it: counted, and said at exit (a
 * --bpf-file whose event struct no longer matches the frontend's, or a truncated record). */
static unsigned long short_events;
/* Events a start-up that never reached its loop (a probe that failed to attach after others
 * had, Ctrl-C) leaves in the buffers: the tool's output was never opened, so they are not
 * handed to it, only counted (execsnoop crashed printing one to a NULL FILE, 1 run in 5 on a
 * busy machine). */
static bool output_open;
static unsigned long unprinted_events;

static void deliver(void *ctx, int cpu, const void *data, unsigned int size)
{
	const struct tb_tool *tool = ctx;

	if (!output_open) {
		unprinted_events++;
		return;
	}
	if (size < tool->event_size) {
		short_events++;
		return;
	}
	tool->on_event(NULL, cpu, data, size);
}

/* Everything up to the loop; 0, or <0 after one error line. A signal in between stops early
 * (tb_should_stop), which is not an error. */
static int start(const struct tb_tool *tool, struct tb_prog *prog)
{
	if (tool->setup && tool->setup(prog))
		return -1;
	/* the buffers first: an event of the first probe attached has somewhere to go */
	if (tool->events && tb_perfbuf_open(prog, tool->events, deliver, (void *)tool))
		return -1;
	if (tb_probes_attach(prog, tool->probes))
		return -1;
	if (tool->choice && tb_probes_attach(prog, tool->method_probes[*tool->method]))
		return -1;
	if (tool->attach && tool->attach(prog))
		return -1;
	if (tool->open_usdt && tb_attach_usdt(prog))
		return -1;
	if (tool->watch_pid && *tool->watch_pid > 0 && tb_prog_watch_pid(prog, (pid_t)*tool->watch_pid))
		return -1;
	return 0;
}

/* A start-up that failed traced nothing: its error stays the last line, not followed by -v's
 * account of no events delivered (scripts read the error with tail -1). */
static void destroy_quietly(struct tb_prog *prog)
{
	int verbosity = tb_log_verbosity();

	tb_log_set_verbosity(0);
	tb_prog_destroy(prog);
	tb_log_set_verbosity(verbosity);
}

static int loop(const struct tb_tool *tool, struct tb_prog *prog)
{
	if (tool->banner)
		tb_output_banner(tool->banner);
	if (tool->before_header)
		tool->before_header();
	if (tool->out && (tool->columns || tool->cols)) {
		enum tb_time_mode time = tool->time_mode;
		int n = tool->ncols;
		const struct tb_column *cols = tool->cols;

		if (tool->columns)
			cols = tool->columns(&n, &time);

		tb_output_init(tool->out, stdout, cols, n, tb_common.json, time);
		tb_output_header(tool->out);
	}
	output_open = true;
	if (tool->run)
		return tool->run(prog);
	if (tool->interval) {
		tool->interval->json = tb_common.json;
		if (!tool->interval->ctx)
			tool->interval->ctx = prog;
		if (tb_prometheus.listen)
			return tb_prom_serve(prog, tool->interval);
		return tb_interval_run(prog, tool->interval);
	}
	return tb_prog_run(prog, tool->duration_ms ? *tool->duration_ms : 0);
}

int tb_tool_parse(const struct tb_tool *tool, int argc, char **argv)
{
	return tb_argp_parse(tool->argp, argc, argv);
}

int tb_tool_main(const struct tb_tool *tool, int argc, char **argv)
{
	struct tb_cflags cflags = { 0 };
	struct tb_prog *prog = NULL;
	const char *source = tool->source;
	int err = -1;

	tb_log_set_tool(argv[0]);
	if (tb_tool_parse(tool, argc, argv))
		return 1;
	if (tool->generate && !(source = tool->generate()))
		goto cleanup;
	if (tb_common.dump_bpf) {
		err = tb_dump_source(source);
		goto cleanup;
	}
	/* from here on Ctrl-C only asks to stop: start-up ends at the next step, detached */
	tb_signals_install();
	if (choose_method(tool, &cflags) || tb_container_cflags(&cflags) ||
	    (tool->prepare && tool->prepare(&cflags)))
		goto cleanup;
	prog = compile(tool, source, &cflags);
	if (!prog) {
		err = tb_should_stop() ? 0 : -1; /* asked to stop while compiling: not a failure */
		goto cleanup;
	}
	if (tb_should_stop() || tb_common.compile_only) {
		err = 0;
		goto cleanup;
	}
	if (start(tool, prog)) {
		destroy_quietly(prog);
		prog = NULL;
		goto cleanup;
	}
	err = tb_should_stop() ? 0 : loop(tool, prog);
	if (tool->finish)
		tool->finish(prog);
cleanup:
	tb_prog_destroy(prog); /* drains the buffers: the last events are delivered here */
	if (unprinted_events && !err) /* after a failure its error stays the last line */
		tb_info("%lu events of a start-up that did not finish were not printed",
			unprinted_events);
	if (short_events)
		tb_warn("%lu events shorter than the tool's event (%zu bytes) were dropped: does the "
			"BPF program's event struct match the tool's?", short_events, tool->event_size);
	if (tool->cleanup)
		tool->cleanup();
	tb_cflags_free(&cflags);
	return err ? 1 : 0;
}
