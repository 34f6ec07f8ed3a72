/* tcpdrop: trace TCP segments the kernel drops, with the kernel stack, as BCC's tcpdrop. */
#include <argp.h>
#include <errno.h>
#include <linux/types.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>

#include "tracebox.h"
#include "tcpdrop.h"

_Static_assert(sizeof(struct tcpdrop_event) == 64,
	       "struct tcpdrop_event must have the same layout on both sides");

TB_BPF_SOURCE_DECLARE(tcpdrop);

/* the variants programs/tcpdrop.bpf.c has */
#define TCPDROP_METHODS (TB_ATTACH_BIT(TB_ATTACH_TRACEPOINT) | TB_ATTACH_BIT(TB_ATTACH_KPROBE))
#define DROP_TP "skb:kfree_skb"
#define MAX_FRAMES 127 /* the stack map's depth */

static struct env {
	int family;         /* -4/-6: AF_INET/AF_INET6, 0 = both */
	long netns_id;      /* --netns-id, 0 = all */
	long pid_netns;     /* --pid-netns, 0 = none */
	enum tb_attach_method method; /* --attach */
} env;

const char *argp_program_version = "tcpdrop (tracebox) 0.1";
static const char doc[] =
	"Trace TCP drops by the kernel.\n"
	"\n"
	"EXAMPLES:\n"
	"    tcpdrop           # trace kernel TCP drops\n"
	"    tcpdrop -4        # trace IPv4 family only\n"
	"    tcpdrop -6        # trace IPv6 family only\n"
	"    tcpdrop --pid-netns 1234  # only sockets in the network namespace of PID 1234\n"
	"    tcpdrop --json    # one JSON object per drop, its stack folded";

enum { OPT_ATTACH = 0x100, OPT_NETNS_ID, OPT_PID_NETNS };

static const struct argp_option options[] = {
	{ "ipv4", '4', NULL, 0, "Trace IPv4 family only", 0 },
	{ "ipv6", '6', NULL, 0, "Trace IPv6 family only", 0 },
	{ "netns-id", OPT_NETNS_ID, "ID", 0, "The netns id to filter by", 0 },
	{ "pid-netns", OPT_PID_NETNS, "PID", 0, "The pid whose netns to filter by", 0 },
	{ "attach", OPT_ATTACH, "METHOD", 0, "auto (default), tracepoint or kprobe: force an attach "
					  "method", 0 },
	{ 0 },
};

static error_t parse_opt(int key, char *arg, struct argp_state *state)
{
	int err = 0;

	switch (key) {
	case '4':
	case '6': err = tb_parse_family_flag(key, &env.family); break;
	case OPT_NETNS_ID:
		err = tb_parse_long(arg, 1, 0xffffffffL, "netns id", &env.netns_id);
		break;
	case OPT_PID_NETNS: err = tb_parse_pid(arg, "pid-netns PID", &env.pid_netns); break;
	case OPT_ATTACH:
		err = tb_parse_attach_method(arg, TCPDROP_METHODS, &env.method);
		break;
	case ARGP_KEY_ARG:
		tb_error("unexpected argument '%s'", arg);
		err = -1;
		break;
	case ARGP_KEY_END:
		if (env.netns_id && env.pid_netns) {
			tb_error("invalid options: --pid-netns and --netns-id cannot be used together");
			err = -1;
		}
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	if (err)
		tb_argp_fail(state);
	return 0;
}

static const struct argp argp = { options, parse_opt, NULL, doc, tb_common_children, NULL, NULL };

/* BCC: "%-8s %-7d %-2d %-20s > %-20s %s (%s)" and the stack, a tab before each frame, then a
 * blank line (TIME is the output's own, wall clock as printed). REASON is tracebox's, where the
 * kernel gives one. JSON keeps addresses and ports apart and folds the stack into one string. */
enum { COL_PID, COL_IP, COL_SRC, COL_ARROW, COL_DST, COL_STATE, COL_FLAGS, COL_REASON, NCOLS };
static const struct tb_column text_columns[NCOLS] = {
	[COL_PID] = { "PID", NULL, 7, TB_LEFT },
	[COL_IP] = { "IP", NULL, 2, TB_LEFT },
	[COL_SRC] = { "SADDR:SPORT", NULL, 20, TB_LEFT },
	[COL_ARROW] = { ">", NULL, 1, TB_LEFT },
	[COL_DST] = { "DADDR:DPORT", NULL, 20, TB_LEFT },
	[COL_STATE] = { "STATE", NULL, 0, TB_LEFT },
	[COL_FLAGS] = { "(FLAGS)", NULL, 0, TB_LEFT },
	[COL_REASON] = { "REASON", NULL, 0, TB_LEFT },
};
static const struct tb_column json_columns[] = {
	{ "PID", NULL, 0, TB_LEFT },   { "IP", NULL, 0, TB_LEFT },
	{ "SADDR", NULL, 0, TB_LEFT }, { "SPORT", NULL, 0, TB_LEFT },
	{ "DADDR", NULL, 0, TB_LEFT }, { "DPORT", NULL, 0, TB_LEFT },
	{ "STATE", NULL, 0, TB_LEFT }, { "FLAGS", NULL, 0, TB_LEFT },
	{ "REASON", NULL, 0, TB_LEFT }, { "STACK", NULL, 0, TB_LEFT },
};
static struct tb_output out;
static struct tb_tp_symbols reasons; /* the tracepoint's reason names, this kernel's numbering */
static bool with_reason;             /* the tracepoint path: a REASON column */
static struct tb_stacks *stacks;

void tcpdrop_print_header(struct tb_output *o, FILE *fp, bool reason);
void tcpdrop_print_header(struct tb_output *o, FILE *fp, bool reason)
{
	static struct tb_column cols[10];
	int n = 0;

	for (int i = 0; i < 10; i++)
		if (reason || strcmp(json_columns[i].name, "REASON"))
			cols[n++] = json_columns[i];
	if (tb_common.json)
		tb_output_init(o, fp, cols, n, true, TB_TIME_CLOCK);
	else
		tb_output_init(o, fp, text_columns, reason ? NCOLS : NCOLS - 1, false, TB_TIME_CLOCK);
	tb_output_header(o);
}

/* One drop; frames are its kernel stack, innermost first, already named; wall is the time
 * printed (HH:MM:SS), as BCC prints it when the event arrives. */
void tcpdrop_print_event(struct tb_output *o, const struct tcpdrop_event *e, const char *reason,
			 const char *const *frames, int nframes, time_t wall);
void tcpdrop_print_event(struct tb_output *o, const struct tcpdrop_event *e, const char *reason,
			 const char *const *frames, int nframes, time_t wall)
{
	char s[TB_ADDR_STRLEN + 8], d[TB_ADDR_STRLEN + 8], a[TB_ADDR_STRLEN], sbuf[12], f[40],
		fl[48];
	/* a segment that found no socket (a closed port) has no state: BCC never sees those */
	const char *state = e->state ? tb_tcp_state_name(e->state, sbuf, sizeof(sbuf)) : "-";

	tb_tcp_flags_str(e->tcpflags, f, sizeof(f));
	tb_output_begin_at(o, e->ts_ns, wall);
	tb_output_uint(o, e->pid);
	tb_output_uint(o, e->family == AF_INET6 ? 6 : 4);
	if (o->json) {
		tb_output_str(o, tb_addr_str(e->family, e->saddr, a, sizeof(a)));
		tb_output_uint(o, e->sport);
		tb_output_str(o, tb_addr_str(e->family, e->daddr, a, sizeof(a)));
		tb_output_uint(o, e->dport);
		tb_output_str(o, state);
		tb_output_str(o, f);
		if (reason)
			tb_output_str(o, reason);
		/* the stack as one folded string, outermost first ("a;b;c") */
		static char folded[MAX_FRAMES * 160];
		size_t n = 0;

		folded[0] = 0;
		for (int i = nframes - 1; i >= 0 && n < sizeof(folded); i--)
			n += (size_t)snprintf(folded + n, sizeof(folded) - n, "%s%s", frames[i],
					      i ? ";" : "");
		tb_output_str(o, folded);
		tb_output_end(o);
		return;
	}
	tb_endpoint_str(e->family, e->saddr, e->sport, s, sizeof(s));
	tb_endpoint_str(e->family, e->daddr, e->dport, d, sizeof(d));
	snprintf(fl, sizeof(fl), "(%s)", f);
	tb_output_str(o, s);
	tb_output_str(o, ">");
	tb_output_str(o, d);
	tb_output_str(o, state);
	tb_output_str(o, fl);
	if (reason)
		tb_output_str(o, reason);
	tb_output_end(o);
	for (int i = 0; i < nframes; i++)
		fprintf(o->fp, "\t%s\n", frames[i]);
	fputc('\n', o->fp);
}

static void handle_event(void *ctx, int cpu, const void *data, unsigned int size)
{
	const struct tcpdrop_event *e = data;
	static char names[MAX_FRAMES][160];
	const char *frames[MAX_FRAMES];
	uint64_t ips[MAX_FRAMES];
	char rbuf[16];
	const char *reason = NULL;
	int n = stacks ? tb_stacks_read(stacks, e->stack_id, ips, MAX_FRAMES) : 0;

	for (int i = 0; i < n; i++) {
		tb_stacks_kframe(stacks, ips[i], TB_SYM_OFFSET, names[i], sizeof(names[i]));
		frames[i] = names[i];
	}
	if (with_reason && !(reason = tb_tp_symbol_name(&reasons, e->reason))) {
		snprintf(rbuf, sizeof(rbuf), "%u", e->reason);
		reason = rbuf;
	}
	tcpdrop_print_event(&out, e, reason, frames, n, time(NULL));
}

static void print_header(void)
{
	tcpdrop_print_header(&out, stdout, with_reason);
}

/* --pid-netns: the namespace's inode number, as /proc/PID/ns/net shows it */
static int netns_of(long pid, long *inum)
{
	char path[64];
	struct stat st;

	snprintf(path, sizeof(path), "/proc/%ld/ns/net", pid);
	if (stat(path, &st)) {
		tb_error("failed to read the network namespace of pid %ld: %s", pid, strerror(errno));
		return -1;
	}
	*inum = (long)st.st_ino;
	return 0;
}

static int prepare(struct tb_cflags *cf)
{
	long not_specified;

	if (env.pid_netns && netns_of(env.pid_netns, &env.netns_id))
		return -1;
	if (env.family && tb_cflags_add(cf, "-DTARG_FAMILY=%d", env.family))
		return -1;
	if (env.netns_id && tb_cflags_add(cf, "-DTARG_NETNS=%ld", env.netns_id))
		return -1;
	if (env.method != TB_ATTACH_TRACEPOINT)
		return 0;
	/* the reasons' names and numbers are this kernel's: they moved between versions */
	with_reason = true;
	if (tb_tp_symbols_load(DROP_TP, "reason", &reasons))
		tb_warn("no drop reason names in %s's format: reasons are printed as numbers", DROP_TP);
	not_specified = tb_tp_symbol_value(&reasons, "NOT_SPECIFIED");
	if (not_specified >= 0 && tb_cflags_add(cf, "-DTB_DROP_NOT_SPECIFIED=%ld", not_specified))
		return -1;
	return 0;
}

static int setup(struct tb_prog *prog)
{
	return (stacks = tb_stacks_new(prog, "stack_traces", true)) ? 0 : -1;
}

static void finish(struct tb_prog *prog)
{
	if (stacks)
		tb_stacks_print_summary(stacks, stderr);
}

static void cleanup(void)
{
	tb_stacks_free(stacks);
	stacks = NULL;
	tb_tp_symbols_free(&reasons);
}

/* The tracepoint with its reason (5.17+) sees every TCP drop, a closed port's too; before it,
 * BCC's kprobe on tcp_drop (gone in 5.19). No fentry variant: the tracepoint exists wherever
 * fentry could attach to tcp_drop's successors. */
static const struct tb_attach_target target = {
	.kfns = { "tcp_drop" }, .tp = DROP_TP, .tp_field = "reason",
	.methods = TCPDROP_METHODS, .tracepoint_first = true,
	.purpose = "TCP drops", .fn_desc = "tcp_drop",
	.tp_desc = DROP_TP " with its drop reason",
};
static const struct tb_probe kprobe[] = {
	{ TB_KPROBE, "tcp_drop", "on_tcp_drop" }, { TB_PROBE_END } };
static const struct tb_probe tracepoint[] = {
	{ TB_TRACEPOINT, DROP_TP }, { TB_PROBE_END } };

static const struct tb_tool tool = {
	TB_TOOL_SOURCE(tcpdrop),
	.argp = &argp,
	.choice = &target,
	.method = &env.method,
	.method_probes = { [TB_ATTACH_KPROBE] = kprobe, [TB_ATTACH_TRACEPOINT] = tracepoint },
	.prepare = prepare,
	.setup = setup,
	.events = "events",
	.on_event = handle_event,
	.event_size = sizeof(struct tcpdrop_event),
	.before_header = print_header,
	.finish = finish,
	.cleanup = cleanup,
};
TB_TOOL_MAIN(tcpdrop, tool)
