/* capable: trace security capability checks (the kernel's cap_capable), as BCC's capable: a
 * kprobe where the kernel has kprobes, else the capability:cap_capable tracepoint. */
#include <argp.h>
#include <linux/types.h>
#include <stdio.h>
#include <string.h>

#include "tracebox.h"
#include "capable.h"

_Static_assert(sizeof(struct capable_event) == 40 + TB_CAPABLE_COMM_LEN,
	       "struct capable_event must have the same layout on both sides");

TB_BPF_SOURCE_DECLARE(capable);

#define KFN "cap_capable"
#define TP "capability:cap_capable"

static struct env {
	bool non_audit;  /* -v (BCC's; --verbose stays the loader's) */
	bool kstack;     /* -K */
	bool ustack;     /* -U */
	bool extra;      /* -x */
	bool unique;     /* --unique */
	long pid;        /* -p, -1 = all */
	enum tb_attach_method attach; /* --attach */
} env = { .pid = -1, .attach = TB_ATTACH_AUTO };

const char *argp_program_version = "capable (tracebox) 0.1";
static const char doc[] =
	"Trace security capability checks (cap_capable).\n"
	"\n"
	"-v is BCC's (non-audit checks too); the loader's account is --verbose.\n"
	"\n"
	"EXAMPLES:\n"
	"    capable                   # trace capability checks\n"
	"    capable -v                # verbose: include non-audit checks\n"
	"    capable -p 181            # only trace PID 181\n"
	"    capable -K                # add kernel stacks to trace\n"
	"    capable -U                # add user-space stacks to trace\n"
	"    capable -x                # extra fields: show TID and INSETID columns\n"
	"    capable --unique          # don't repeat stacks for the same pid\n"
	"    capable --verbose         # say which attach method was chosen, and why\n"
	"    capable --json            # one JSON object per check";

enum { OPT_ATTACH = 0x100, OPT_UNIQUE };

static const struct argp_option options[] = {
	{ "non-audit", 'v', NULL, 0, "Include non-audit checks (BCC's -v)", 0 },
	{ "pid", 'p', "PID", 0, "Trace this PID only", 0 },
	{ "kernel-stack", 'K', NULL, 0, "Output kernel stack trace", 0 },
	{ "user-stack", 'U', NULL, 0, "Output user stack trace", 0 },
	{ "extra", 'x', NULL, 0, "Show extra fields in TID and INSETID columns", 0 },
	{ "unique", OPT_UNIQUE, NULL, 0, "Don't repeat stacks for the same pid", 0 },
	{ "attach", OPT_ATTACH, "METHOD", 0, "auto (default), kprobe or tracepoint", 0 },
	{ 0 },
};

#define METHODS (TB_ATTACH_BIT(TB_ATTACH_KPROBE) | TB_ATTACH_BIT(TB_ATTACH_TRACEPOINT))

static error_t parse_opt(int key, char *arg, struct argp_state *state)
{
	int err = 0;

	switch (key) {
	case 'v': env.non_audit = true; break;
	case 'p': err = tb_parse_pid(arg, "PID", &env.pid); break;
	case 'K': env.kstack = true; break;
	case 'U': env.ustack = true; break;
	case 'x': env.extra = true; break;
	case OPT_UNIQUE: env.unique = true; break;
	case OPT_ATTACH: err = tb_parse_attach_method(arg, METHODS, &env.attach); break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	if (err)
		tb_argp_fail(state);
	return 0;
}

static const struct argp argp = { options, parse_opt, NULL, doc, tb_container_children, NULL, NULL };

/* include/uapi/linux/capability.h, 0 to CAP_LAST_CAP (40 since 5.9) */
static const char *const cap_names[] = {
	"CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER", "CAP_FSETID",
	"CAP_KILL", "CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP", "CAP_LINUX_IMMUTABLE",
	"CAP_NET_BIND_SERVICE", "CAP_NET_BROADCAST", "CAP_NET_ADMIN", "CAP_NET_RAW",
	"CAP_IPC_LOCK", "CAP_IPC_OWNER", "CAP_SYS_MODULE", "CAP_SYS_RAWIO", "CAP_SYS_CHROOT",
	"CAP_SYS_PTRACE", "CAP_SYS_PACCT", "CAP_SYS_ADMIN", "CAP_SYS_BOOT", "CAP_SYS_NICE",
	"CAP_SYS_RESOURCE", "CAP_SYS_TIME", "CAP_SYS_TTY_CONFIG", "CAP_MKNOD", "CAP_LEASE",
	"CAP_AUDIT_WRITE", "CAP_AUDIT_CONTROL", "CAP_SETFCAP", "CAP_MAC_OVERRIDE",
	"CAP_MAC_ADMIN", "CAP_SYSLOG", "CAP_WAKE_ALARM", "CAP_BLOCK_SUSPEND", "CAP_AUDIT_READ",
	"CAP_PERFMON", "CAP_BPF", "CAP_CHECKPOINT_RESTORE",
};

/* The name of capability cap, or its number as text when this table stops before it. */
static const char *cap_name(int cap, char *buf, size_t len)
{
	if (cap >= 0 && cap < (int)(sizeof(cap_names) / sizeof(cap_names[0])))
		return cap_names[cap];
	snprintf(buf, len, "%d", cap);
	return buf;
}

static const struct tb_column all_columns[] = {
	{ "UID", NULL, 6, TB_LEFT },
	{ "PID", NULL, 6, TB_LEFT },
	{ "TID", NULL, 6, TB_LEFT },
	{ "COMM", NULL, 16, TB_LEFT },
	{ "CAP", NULL, 4, TB_LEFT },
	{ "NAME", NULL, 20, TB_LEFT },
	{ "AUDIT", NULL, 6, TB_LEFT },
	{ "INSETID", NULL, 0, TB_LEFT },
	{ "KSTACK", NULL, 0, TB_LEFT }, /* --json only: text prints stacks under the line */
	{ "USTACK", NULL, 0, TB_LEFT },
};
static struct tb_column cols[10];

/* BCC's: TIME UID PID COMM CAP NAME AUDIT; -x adds TID and INSETID */
static const struct tb_column *columns(int *n, enum tb_time_mode *time)
{
	*n = 0;
	for (int i = 0; i < 8; i++)
		if (env.extra || (i != 2 && i != 7))
			cols[(*n)++] = all_columns[i];
	if (!env.extra)
		cols[*n - 1].width = 0; /* AUDIT ends the line */
	if (tb_common.json && env.kstack)
		cols[(*n)++] = all_columns[8];
	if (tb_common.json && env.ustack)
		cols[(*n)++] = all_columns[9];
	*time = TB_TIME_CLOCK;
	return cols;
}

static struct tb_output out;
static struct tb_stacks *stacks;

/* a flag the attach path cannot see: BCC's "N/A" (null in JSON) */
static void output_flag(int v)
{
	if (v == TB_CAPABLE_UNKNOWN)
		tb_output_str(&out, out.json ? NULL : "N/A");
	else
		tb_output_int(&out, v);
}

static void handle_event(void *ctx, int cpu, const void *data, unsigned int size)
{
	const struct capable_event *e = data;
	char comm[TB_CAPABLE_COMM_LEN + 1], num[16];
	static char frames[127 * 128];

	(void)ctx, (void)cpu, (void)size;
	snprintf(comm, sizeof(comm), "%.*s", TB_CAPABLE_COMM_LEN, e->comm);
	tb_output_begin(&out, e->ts_ns);
	tb_output_uint(&out, e->uid);
	tb_output_uint(&out, e->pid);
	if (env.extra)
		tb_output_uint(&out, e->tid);
	tb_output_str(&out, comm);
	tb_output_int(&out, e->cap);
	tb_output_str(&out, cap_name(e->cap, num, sizeof(num)));
	output_flag(e->audit);
	if (env.extra)
		output_flag(e->insetid);
	if (out.json && env.kstack) {
		tb_stacks_print_event(stacks, e->kstack, false, 0, false, NULL, frames, sizeof(frames));
		tb_output_str(&out, frames);
	}
	if (out.json && env.ustack) {
		tb_stacks_print_event(stacks, e->ustack, true, (pid_t)e->pid, false, NULL, frames,
				      sizeof(frames));
		tb_output_str(&out, frames);
	}
	tb_output_end(&out);
	if (!out.json && env.kstack)
		tb_stacks_print_event(stacks, e->kstack, false, 0, false, stdout, NULL, 0);
	if (!out.json && env.ustack)
		tb_stacks_print_event(stacks, e->ustack, true, (pid_t)e->pid, false, stdout, NULL, 0);
}

static int prepare(struct tb_cflags *cf)
{
	const struct tb_facts *f = tb_facts();

	/* env.attach is the method chosen by now */
	if (env.attach == TB_ATTACH_KPROBE && tb_kprobe_exists(KFN) && !f->cap_arg) {
		tb_error("failed to trace %s with a kprobe: whether its fourth argument is opts or "
			 "audit is unknown on this kernel (no BTF, and no declaration in its "
			 "headers' linux/security.h)", KFN);
		return -1;
	}
	if (env.attach == TB_ATTACH_TRACEPOINT)
		tb_info("%s does not say whether a check is audited: AUDIT and INSETID print "
			"N/A, and non-audit checks are shown%s", TP, env.non_audit ? "" :
			" without -v too");
	if ((env.pid > 0 && tb_cflags_add(cf, "-DTARG_PID=%ld", env.pid)) ||
	    (env.non_audit && tb_cflags_add(cf, "-DNON_AUDIT=1")) ||
	    (env.kstack && tb_cflags_add(cf, "-DKERNEL_STACKS=1")) ||
	    (env.ustack && tb_cflags_add(cf, "-DUSER_STACKS=1")) ||
	    (env.unique && tb_cflags_add(cf, "-DUNIQUE=1")))
		return -1;
	return 0;
}

static int setup(struct tb_prog *prog)
{
	if (tb_table_set_self(prog, "self"))
		return -1;
	if ((env.kstack || env.ustack) && !(stacks = tb_stacks_new(prog, "stacks", env.kstack)))
		return -1;
	return 0;
}

static void cleanup(void)
{
	tb_stacks_free(stacks);
	stacks = NULL;
}

/* cap_capable for kprobes (every argument), else the tracepoint inside it */
static const struct tb_attach_target target = {
	.kfns = { KFN }, .tp = TP, .methods = METHODS, .purpose = "capability checks",
	.fn_desc = "cap_capable's arguments, the audit flag included",
	.tp_desc = "the capability, not whether the check is audited" };
static const struct tb_probe kprobe[] = {
	{ TB_KPROBE, KFN, "on_cap_capable" },
	{ TB_PROBE_END },
};
static const struct tb_probe tracepoint[] = {
	{ TB_TRACEPOINT, TP },
	{ TB_PROBE_END },
};

static const struct tb_tool tool = {
	TB_TOOL_SOURCE(capable),
	.argp = &argp,
	.choice = &target,
	.method = &env.attach,
	.method_probes = { [TB_ATTACH_KPROBE] = kprobe, [TB_ATTACH_TRACEPOINT] = tracepoint },
	.prepare = prepare,
	.setup = setup,
	.events = "events",
	.on_event = handle_event,
	.event_size = sizeof(struct capable_event),
	.out = &out,
	.columns = columns,
	.cleanup = cleanup,
};
TB_TOOL_MAIN(capable, tool)
