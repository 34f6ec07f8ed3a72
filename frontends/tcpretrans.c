/* tcpretrans: trace TCP retransmits (and tail loss probes), or count them per flow, as BCC's
 * tcpretrans. */
#include <argp.h>
#include <linux/types.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include "tracebox.h"
#include "tcpretrans.h"

_Static_assert(sizeof(struct tcpretrans_flow) == 40,
	       "struct tcpretrans_flow must have the same layout on both sides");
_Static_assert(sizeof(struct tcpretrans_event) == 64,
	       "struct tcpretrans_event must have the same layout on both sides");

TB_BPF_SOURCE_DECLARE(tcpretrans);

/* the variants programs/tcpretrans.bpf.c has */
#define TCPRETRANS_METHODS (TB_ATTACH_BIT(TB_ATTACH_TRACEPOINT) | TB_ATTACH_BIT(TB_ATTACH_KPROBE))
#define TLP_FN "tcp_send_loss_probe"

static struct env {
	bool lossprobe;     /* -l */
	bool count;         /* -c */
	bool sequence;      /* -s */
	int family;         /* -4/-6: AF_INET/AF_INET6, 0 = both */
	enum tb_attach_method method; /* --attach */
} env;

const char *argp_program_version = "tcpretrans (tracebox) 0.1";
static const char doc[] =
	"Trace TCP retransmits.\n"
	"\n"
	"EXAMPLES:\n"
	"    tcpretrans           # trace TCP retransmits\n"
	"    tcpretrans -l        # include TLP attempts\n"
	"    tcpretrans -c        # count retransmits per flow, printed at Ctrl-C\n"
	"    tcpretrans -s        # with the TCP sequence number of each\n"
	"    tcpretrans -4        # trace IPv4 family only\n"
	"    tcpretrans -6        # trace IPv6 family only\n"
	"    tcpretrans --json    # one JSON object per retransmit";

enum { OPT_ATTACH = 0x100 };

static const struct argp_option options[] = {
	{ "lossprobe", 'l', NULL, 0, "Include tail loss probe attempts (needs kprobes)", 0 },
	{ "count", 'c', NULL, 0, "Count occurred retransmits per flow", 0 },
	{ "sequence", 's', NULL, 0, "Display TCP sequence numbers", 0 },
	{ "ipv4", '4', NULL, 0, "Trace IPv4 family only", 0 },
	{ "ipv6", '6', NULL, 0, "Trace IPv6 family only", 0 },
	{ "attach", OPT_ATTACH, "METHOD", 0, "auto (default), tracepoint or kprobe: force an attach "
					  "method for retransmits", 0 },
	{ 0 },
};

static error_t parse_opt(int key, char *arg, struct argp_state *state)
{
	int err = 0;

	switch (key) {
	case 'l': env.lossprobe = true; break;
	case 'c': env.count = true; break;
	case 's': env.sequence = true; break;
	case '4':
	case '6': err = tb_parse_family_flag(key, &env.family); break;
	case OPT_ATTACH:
		err = tb_parse_attach_method(arg, TCPRETRANS_METHODS, &env.method);
		break;
	case ARGP_KEY_ARG:
		tb_error("unexpected argument '%s'", arg);
		err = -1;
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	if (err)
		tb_argp_fail(state);
	return 0;
}

static const struct argp argp = { options, parse_opt, NULL, doc, tb_common_children, NULL, NULL };

/* BCC: "%-8s %-6d %-2d %-20s %1s> %-20s %s" (TIME is the output's own, wall clock as printed).
 * Text joins address and port ("10.0.0.1:22") and the type with its ">"; JSON keeps them
 * apart. */
static const struct tb_column text_columns[] = {
	{ "PID", NULL, 6, TB_LEFT },
	{ "IP", NULL, 2, TB_LEFT },
	{ "LADDR:LPORT", NULL, 20, TB_LEFT },
	{ "T>", NULL, 2, TB_LEFT },
	{ "RADDR:RPORT", NULL, 20, TB_LEFT },
	{ "STATE", NULL, 0, TB_LEFT },
}, text_seq_columns[] = { /* -s: BCC's " %-12s %s" */
	{ "PID", NULL, 6, TB_LEFT },
	{ "IP", NULL, 2, TB_LEFT },
	{ "LADDR:LPORT", NULL, 20, TB_LEFT },
	{ "T>", NULL, 2, TB_LEFT },
	{ "RADDR:RPORT", NULL, 20, TB_LEFT },
	{ "STATE", NULL, 12, TB_LEFT },
	{ "SEQ", NULL, 0, TB_LEFT },
};
static const struct tb_column json_columns[] = {
	{ "PID", NULL, 0, TB_LEFT },   { "IP", NULL, 0, TB_LEFT },
	{ "LADDR", NULL, 0, TB_LEFT }, { "LPORT", NULL, 0, TB_LEFT },
	{ "TYPE", NULL, 0, TB_LEFT },  { "RADDR", NULL, 0, TB_LEFT },
	{ "RPORT", NULL, 0, TB_LEFT }, { "STATE", NULL, 0, TB_LEFT },
	{ "SEQ", NULL, 0, TB_LEFT },
};
static struct tb_output out;

static const char *type_name(__u32 type)
{
	return type == TB_TCPRETRANS_TLP ? "L" : type == TB_TCPRETRANS_RETRANSMIT ? "R" : "?";
}

void tcpretrans_print_header(struct tb_output *o, FILE *fp);
void tcpretrans_print_header(struct tb_output *o, FILE *fp)
{
	if (tb_common.json)
		tb_output_init(o, fp, json_columns, env.sequence ? 9 : 8, true, TB_TIME_CLOCK);
	else
		tb_output_init(o, fp, env.sequence ? text_seq_columns : text_columns,
			       env.sequence ? 7 : 6, false, TB_TIME_CLOCK);
	tb_output_header(o);
}

/* One retransmit; wall is the time printed (HH:MM:SS), as BCC prints it when the event
 * arrives. */
void tcpretrans_print_event(struct tb_output *o, const struct tcpretrans_event *e, time_t wall);
void tcpretrans_print_event(struct tb_output *o, const struct tcpretrans_event *e, time_t wall)
{
	const struct tcpretrans_flow *f = &e->flow;
	char l[TB_ADDR_STRLEN + 8], r[TB_ADDR_STRLEN + 8], sbuf[12], t[4];
	const char *state = tb_tcp_state_name(e->state, sbuf, sizeof(sbuf));

	tb_output_begin_at(o, e->ts_ns, wall);
	tb_output_uint(o, e->pid);
	tb_output_uint(o, f->family == AF_INET6 ? 6 : 4);
	if (o->json) {
		tb_output_str(o, tb_addr_str(f->family, f->saddr, l, sizeof(l)));
		tb_output_uint(o, f->lport);
		tb_output_str(o, type_name(e->type));
		tb_output_str(o, tb_addr_str(f->family, f->daddr, r, sizeof(r)));
		tb_output_uint(o, f->dport);
	} else {
		tb_endpoint_str(f->family, f->saddr, f->lport, l, sizeof(l));
		tb_endpoint_str(f->family, f->daddr, f->dport, r, sizeof(r));
		snprintf(t, sizeof(t), "%s>", type_name(e->type));
		tb_output_str(o, l);
		tb_output_str(o, t);
		tb_output_str(o, r);
	}
	tb_output_str(o, state);
	if (env.sequence)
		tb_output_uint(o, e->seq);
	tb_output_end(o);
}

static void handle_event(void *ctx, int cpu, const void *data, unsigned int size)
{
	tcpretrans_print_event(&out, data, time(NULL));
}

static void print_header(void)
{
	/* BCC prints it in both modes: -c's table comes at Ctrl-C */
	tb_output_banner("retransmits");
	if (!env.count)
		tcpretrans_print_header(&out, stdout);
}

/* -c: BCC's table at Ctrl-C, IPv4 flows then IPv6 ones, fewest retransmits first */
struct flow {
	struct tcpretrans_flow key;
	__u64 retransmits;
};

static int cmp_flows(const void *a, const void *b)
{
	const struct flow *x = a, *y = b;

	if (x->key.family != y->key.family)
		return x->key.family == AF_INET ? -1 : 1;
	if (x->retransmits != y->retransmits)
		return x->retransmits < y->retransmits ? -1 : 1;
	return memcmp(&x->key, &y->key, sizeof(x->key));
}

static const struct tb_column count_columns[] = {
	{ "IP", NULL, 0, TB_LEFT },    { "LADDR", NULL, 0, TB_LEFT },
	{ "LPORT", NULL, 0, TB_LEFT }, { "RADDR", NULL, 0, TB_LEFT },
	{ "RPORT", NULL, 0, TB_LEFT }, { "RETRANSMITS", NULL, 0, TB_LEFT },
};

void tcpretrans_print_counts(FILE *fp, struct flow *flows, size_t n);
void tcpretrans_print_counts(FILE *fp, struct flow *flows, size_t n)
{
	struct tb_output cout;

	qsort(flows, n, sizeof(*flows), cmp_flows);
	/* BCC's header is "%-25s %-25s %-10s" over rows of "%-20s <-> %-20s %10d": kept as is */
	if (!tb_common.json)
		fprintf(fp, "\n%-25s %-25s %-10s\n", "LADDR:LPORT", "RADDR:RPORT", "RETRANSMITS");
	tb_output_init(&cout, fp, count_columns, 6, tb_common.json, TB_TIME_NONE);
	for (size_t i = 0; i < n; i++) {
		const struct tcpretrans_flow *k = &flows[i].key;
		char l[TB_ADDR_STRLEN], r[TB_ADDR_STRLEN], le[TB_ADDR_STRLEN + 9], re[TB_ADDR_STRLEN + 9];

		tb_addr_str(k->family, k->saddr, l, sizeof(l));
		tb_addr_str(k->family, k->daddr, r, sizeof(r));
		if (!tb_common.json) {
			snprintf(le, sizeof(le), "[%s]#%u", l, k->lport);
			snprintf(re, sizeof(re), "[%s]#%u", r, k->dport);
			fprintf(fp, "%-20s <-> %-20s %10llu\n", le, re,
				(unsigned long long)flows[i].retransmits);
			continue;
		}
		tb_output_begin(&cout, 0);
		tb_output_uint(&cout, k->family == AF_INET6 ? 6 : 4);
		tb_output_str(&cout, l);
		tb_output_uint(&cout, k->lport);
		tb_output_str(&cout, r);
		tb_output_uint(&cout, k->dport);
		tb_output_uint(&cout, flows[i].retransmits);
		tb_output_end(&cout);
	}
	fflush(fp);
}

static void print_counts(struct tb_prog *prog)
{
	struct flow *flows;
	size_t n;

	if (!env.count || tb_table_read_counts(prog, "counts", sizeof(flows->key), sizeof(*flows),
					       offsetof(struct flow, retransmits), (void **)&flows, &n))
		return;
	tcpretrans_print_counts(stdout, flows, n);
	free(flows);
}

static int prepare(struct tb_cflags *cf)
{
	/* -l has no tracepoint to stand in: refuse before a second of compiling is spent */
	if (env.lossprobe && !tb_kprobes_supported()) {
		tb_error("failed to attach kprobe '" TLP_FN "' (-l, tail loss probes): this kernel "
			 "has no kprobes (CONFIG_KPROBES is off); run without -l");
		return -1;
	}
	if (env.family && tb_cflags_add(cf, "-DTARG_FAMILY=%d", env.family))
		return -1;
	if (env.count && tb_cflags_add(cf, "-DDO_COUNT"))
		return -1;
	if (env.sequence && tb_cflags_add(cf, "-DSHOW_SEQ"))
		return -1;
	if (env.lossprobe && tb_cflags_add(cf, "-DWANT_TLP"))
		return -1;
	return 0;
}

/* The tracepoint where it exists (4.15+), else BCC's kprobe. No fentry variant: the
 * tracepoint exists wherever fentry does. */
static const struct tb_attach_target target = {
	.kfns = { "tcp_retransmit_skb" }, .tp = "tcp:tcp_retransmit_skb",
	.methods = TCPRETRANS_METHODS, .tracepoint_first = true,
	.purpose = "TCP retransmits", .fn_desc = "tcp_retransmit_skb",
	.tp_desc = "tcp:tcp_retransmit_skb",
};
static const struct tb_probe kprobe[] = {
	{ TB_KPROBE, "tcp_retransmit_skb", "on_retransmit" }, { TB_PROBE_END } };
static const struct tb_probe tracepoint[] = {
	{ TB_TRACEPOINT, "tcp:tcp_retransmit_skb" }, { TB_PROBE_END } };
static const struct tb_probe probes[] = {
	{ TB_KPROBE, TLP_FN, "on_tlp", .when = &env.lossprobe }, { TB_PROBE_END } };

static const struct tb_tool tool = {
	TB_TOOL_SOURCE(tcpretrans),
	.argp = &argp,
	.choice = &target,
	.method = &env.method,
	.method_probes = { [TB_ATTACH_KPROBE] = kprobe, [TB_ATTACH_TRACEPOINT] = tracepoint },
	.prepare = prepare,
	.probes = probes,
	.events = "events",
	.on_event = handle_event,
	.event_size = sizeof(struct tcpretrans_event),
	.before_header = print_header,
	.finish = print_counts,
};
TB_TOOL_MAIN(tcpretrans, tool)
