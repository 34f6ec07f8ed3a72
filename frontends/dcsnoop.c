/* dcsnoop: directory entry cache (dcache) lookups that miss, or all of them (-a), as BCC's
 * dcsnoop. */
#include <argp.h>
#include <linux/types.h>
#include <stdio.h>
#include <string.h>

#include "tracebox.h"
#include "dcsnoop.h"

_Static_assert(sizeof(struct dcsnoop_event) == 16 + TB_DCSNOOP_COMM_LEN + TB_DCSNOOP_NAME_LEN,
	       "struct dcsnoop_event must have the same layout on both sides");

TB_BPF_SOURCE_DECLARE(dcsnoop);

static struct env {
	bool all; /* -a */
	enum tb_attach_method attach;
} env = { .attach = TB_ATTACH_AUTO };

const char *argp_program_version = "dcsnoop (tracebox) 0.1";
static const char doc[] =
	"Trace directory entry cache (dcache) lookups.\n"
	"\n"
	"EXAMPLES:\n"
	"    dcsnoop           # trace failed dcache lookups\n"
	"    dcsnoop -a        # trace all dcache lookups\n"
	"    dcsnoop -v        # say which attach method was chosen, and why\n"
	"    dcsnoop --json    # one JSON object per lookup";

enum { OPT_ATTACH = 0x100 };

static const struct argp_option options[] = {
	{ "all", 'a', NULL, 0, "Trace all lookups (default is fails only)", 0 },
	{ "attach", OPT_ATTACH, "METHOD", 0, "auto (default), fentry or kprobe (d_lookup)", 0 },
	{ 0 },
};

#define METHODS (TB_ATTACH_BIT(TB_ATTACH_FENTRY) | TB_ATTACH_BIT(TB_ATTACH_KPROBE))

static error_t parse_opt(int key, char *arg, struct argp_state *state)
{
	int err = 0;

	switch (key) {
	case 'a': env.all = true; break;
	case OPT_ATTACH: err = tb_parse_attach_method(arg, METHODS, &env.attach); break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	if (err)
		tb_argp_fail(state);
	return 0;
}

static const struct argp argp = { options, parse_opt, NULL, doc, tb_common_children, NULL, NULL };

/* BCC's "%-11.6f %-7d %-16s %1s %s": seconds since dcsnoop started, then the lookup */
static const struct tb_column columns[] = {
	{ "TIME(s)", "time_s", 11, TB_LEFT },
	{ "PID", NULL, 7, TB_LEFT },
	{ "COMM", NULL, 16, TB_LEFT },
	{ "T", NULL, 1, TB_LEFT },
	{ "FILE", NULL, 0, TB_LEFT },
};

static struct tb_output out;

static void handle_event(void *ctx, int cpu, const void *data, unsigned int size)
{
	const struct dcsnoop_event *e = data;
	char comm[TB_DCSNOOP_COMM_LEN + 1], name[TB_DCSNOOP_NAME_LEN + 1];
	double s = e->ts_ns > out.start_ns ? (e->ts_ns - out.start_ns) / 1e9 : 0;

	snprintf(comm, sizeof(comm), "%.*s", TB_DCSNOOP_COMM_LEN, e->comm);
	snprintf(name, sizeof(name), "%.*s", TB_DCSNOOP_NAME_LEN, e->name);
	tb_output_begin(&out, e->ts_ns);
	tb_output_double(&out, s, 6);
	tb_output_uint(&out, e->pid);
	tb_output_str(&out, comm);
	tb_output_str(&out, e->type == TB_DCSNOOP_REFERENCE ? "R" : "M");
	tb_output_str(&out, name);
	tb_output_end(&out);
}

/* -a: lookup_fast is static, and some kernels' compilers made it lookup_fast.constprop.N (the
 * names BCC's regex takes); the first kallsyms gives */
static int first_name(void *ctx, const char *where, const char *name)
{
	snprintf(ctx, 128, "%s", name);
	return 1; /* stops the walk */
}

static int attach_all(struct tb_prog *prog)
{
	struct tb_pattern pat;
	char fn[128] = "";
	int n;

	if (!env.all)
		return 0;
	if (tb_pattern_init(&pat, "^lookup_fast$|^lookup_fast\\.constprop\\.[0-9]+$", true))
		return -1;
	n = tb_match_kernel_functions(&pat, first_name, fn);
	tb_pattern_free(&pat);
	if (n < 0 && !fn[0])
		return -1;
	if (!fn[0]) {
		tb_error("failed to trace lookup_fast for -a: no such function in this kernel "
			 "(inlined); dcsnoop without -a traces the misses");
		return -1;
	}
	return tb_probe_attach(prog, &(struct tb_probe){ TB_KPROBE, fn, "on_lookup_fast" });
}

/* d_lookup by fexit where the kernel has fentry, else a kprobe and kretprobe; no tracepoint
 * sees the dcache, so a kernel with neither refuses in one line */
static const struct tb_attach_target target = {
	.kfns = { "d_lookup" }, .methods = METHODS, .purpose = "dcache lookups" };
/* libbcc names it kretfunc__ + the function: KRETFUNC_PROBE(d_lookup) */
static const struct tb_probe fentry[] = {
	{ TB_KFUNC, NULL, "kretfunc__d_lookup" },
	{ TB_PROBE_END },
};
static const struct tb_probe kprobe[] = {
	{ TB_KPROBE, "d_lookup", "on_d_lookup" },
	{ TB_KRETPROBE, "d_lookup", "on_d_lookup_return" },
	{ TB_PROBE_END },
};

static const struct tb_tool tool = {
	TB_TOOL_SOURCE(dcsnoop),
	.argp = &argp,
	.choice = &target,
	.method = &env.attach,
	.method_probes = { [TB_ATTACH_FENTRY] = fentry, [TB_ATTACH_KPROBE] = kprobe },
	.attach = attach_all,
	.events = "events",
	.on_event = handle_event,
	.event_size = sizeof(struct dcsnoop_event),
	.out = &out,
	TB_COLUMNS(columns),
};
TB_TOOL_MAIN(dcsnoop, tool)
