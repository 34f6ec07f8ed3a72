/* tcptop: TCP throughput by process and connection, a top-style summary every interval, as
 * BCC's tcptop. */
#include <argp.h>
#include <linux/types.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "tracebox.h"
#include "tcptop.h"

_Static_assert(sizeof(struct tcptop_key) == 44 + TB_TCPTOP_COMM_LEN &&
	       sizeof(struct tcptop_val) == 16,
	       "struct tcptop_key and tcptop_val must have the same layout on both sides");

TB_BPF_SOURCE_DECLARE(tcptop);

/* the variants programs/tcptop.bpf.c has */
#define TCPTOP_METHODS (TB_ATTACH_BIT(TB_ATTACH_KPROBE) | TB_ATTACH_BIT(TB_ATTACH_TRACEPOINT))

static struct env {
	bool noclear;   /* -C */
	bool nosummary; /* -S */
	long pid;       /* -p, -1 = all */
	int family;     /* -4/-6: AF_INET/AF_INET6, 0 = both */
	enum tb_attach_method method; /* --attach */
} env = { .pid = -1 };

static int print_summary(void *ctx, FILE *fp, time_t now);
/* BCC: a summary every second until Ctrl-C, which prints the last one; lines: the blank line
 * or cleared screen is tb_top_head's */
static struct tb_interval_opts interval = { .interval_ms = 1000, .lines = true,
					    .print = print_summary };

const char *argp_program_version = "tcptop (tracebox) 0.1";
static const char doc[] =
	"Summarize TCP send/recv throughput by host.\n"
	"\n"
	"USAGE: tcptop [-h] [-C] [-S] [-p PID] [-4 | -6] [--json] [interval [count]]\n"
	"\n"
	"EXAMPLES:\n"
	"    tcptop           # trace TCP send/recv by host\n"
	"    tcptop -C        # don't clear the screen\n"
	"    tcptop -p 181    # only trace PID 181\n"
	"    tcptop --cgroupmap mappath  # only trace cgroups in this BPF map\n"
	"    tcptop --mntnsmap mappath   # only trace mount namespaces in the map\n"
	"    tcptop -4        # trace IPv4 family only\n"
	"    tcptop -6        # trace IPv6 family only\n"
	"    tcptop 5 10      # 5 second summaries, 10 times only\n"
	"    tcptop --json 5  # one JSON object every 5 seconds";

enum { OPT_ATTACH = 0x100 };

static const struct argp_option options[] = {
	{ "noclear", 'C', NULL, 0, "Don't clear the screen", 0 },
	{ "nosummary", 'S', NULL, 0, "Skip system summary line", 0 },
	{ "pid", 'p', "PID", 0, "Trace this PID only", 0 },
	{ "ipv4", '4', NULL, 0, "Trace IPv4 family only", 0 },
	{ "ipv6", '6', NULL, 0, "Trace IPv6 family only", 0 },
	{ "attach", OPT_ATTACH, "METHOD", 0, "auto (default), kprobe or tracepoint: force an attach "
					  "method", 0 },
	{ 0 },
};

static error_t parse_opt(int key, char *arg, struct argp_state *state)
{
	int err = 0;

	switch (key) {
	case 'C': env.noclear = true; break;
	case 'S': env.nosummary = true; break;
	case 'p': err = tb_parse_pid(arg, "PID", &env.pid); break;
	case '4':
	case '6': err = tb_parse_family_flag(key, &env.family); break;
	case OPT_ATTACH: err = tb_parse_attach_method(arg, TCPTOP_METHODS, &env.method); break;
	case ARGP_KEY_ARG:
		err = tb_parse_interval_arg(arg, state->arg_num, &interval.interval_ms,
					    &interval.count);
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	if (err)
		tb_argp_fail(state);
	return 0;
}

static const struct argp argp = { options, parse_opt, "[interval [count]]", doc,
				  tb_container_children, NULL, NULL };

/* One row of a summary: a process's bytes on one connection. */
struct row {
	struct tcptop_key key;
	struct tcptop_val val;
};

/* BCC sorts on bytes both ways */
static uint64_t row_bytes(const void *row)
{
	const struct row *r = row;

	return r->val.rx + r->val.tx;
}

/* BCC: "%-7d %-12.12s %-21s %-21s %6d %6d" for IPv4, 32 wide addresses for IPv6, each
 * family's header printed before its first row only, IPv6's after a blank line */
static void print_family(FILE *fp, const struct row *rows, size_t n, int family)
{
	const int width = family == AF_INET ? 21 : 32;
	char laddr[TB_ADDR_STRLEN + 8], raddr[TB_ADDR_STRLEN + 8], comm[TB_TCPTOP_COMM_LEN + 1];
	bool header = false;

	for (size_t i = 0; i < n; i++) {
		const struct row *r = &rows[i];

		if (r->key.family != family)
			continue;
		if (!header) {
			fprintf(fp, "%s%-7s %-12s %-*s %-*s %6s %6s\n", family == AF_INET ? "" : "\n",
				"PID", "COMM", width, family == AF_INET ? "LADDR" : "LADDR6",
				width, family == AF_INET ? "RADDR" : "RADDR6", "RX_KB", "TX_KB");
			header = true;
		}
		snprintf(comm, sizeof(comm), "%.*s", TB_TCPTOP_COMM_LEN, r->key.comm);
		tb_endpoint_str(family, r->key.saddr, r->key.lport, laddr, sizeof(laddr));
		tb_endpoint_str(family, r->key.daddr, r->key.dport, raddr, sizeof(raddr));
		fprintf(fp, "%-7u %-12.12s %-*s %-*s %6llu %6llu\n", r->key.pid, comm, width, laddr,
			width, raddr, (unsigned long long)(r->val.rx / 1024),
			(unsigned long long)(r->val.tx / 1024));
	}
}

/* {"pid":..,"comm":..,"family":4|6,"laddr":..,"lport":..,"raddr":..,"rport":..,"rx_kb":..,
 * "tx_kb":..,"rx_bytes":..,"tx_bytes":..}: bytes whole too, KB being rounded down */
static void print_row_json(FILE *fp, const void *row)
{
	const struct row *r = row;
	char addr[TB_ADDR_STRLEN], comm[TB_TCPTOP_COMM_LEN + 1];

	snprintf(comm, sizeof(comm), "%.*s", TB_TCPTOP_COMM_LEN, r->key.comm);
	fprintf(fp, "{\"pid\":%u,\"comm\":", r->key.pid);
	tb_json_string(fp, comm);
	fprintf(fp, ",\"family\":%d,\"laddr\":\"%s\",\"lport\":%u", r->key.family == AF_INET ? 4 : 6,
		tb_addr_str(r->key.family, r->key.saddr, addr, sizeof(addr)), r->key.lport);
	fprintf(fp, ",\"raddr\":\"%s\",\"rport\":%u",
		tb_addr_str(r->key.family, r->key.daddr, addr, sizeof(addr)), r->key.dport);
	fprintf(fp, ",\"rx_kb\":%llu,\"tx_kb\":%llu,\"rx_bytes\":%llu,\"tx_bytes\":%llu}",
		(unsigned long long)(r->val.rx / 1024), (unsigned long long)(r->val.tx / 1024),
		(unsigned long long)r->val.rx, (unsigned long long)r->val.tx);
}

/* text: IPv4's rows, then IPv6's, each under its header */
static void print_text(FILE *fp, const void *rows, size_t n)
{
	print_family(fp, rows, n, AF_INET);
	print_family(fp, rows, n, AF_INET6);
}

static const struct tb_top_table counts = {
	.name = "counts",
	.key_size = sizeof(struct tcptop_key),
	.val_size = sizeof(struct tcptop_val),
	.row_size = sizeof(struct row),
	.val_offset = offsetof(struct row, val),
	.max_entries = TB_TCPTOP_MAX_ENTRIES,
	.weight = row_bytes,
	.print_text = print_text,
	.print_json = print_row_json,
};

static const struct tb_top_view *view(void)
{
	static struct tb_top_view v;

	v = (struct tb_top_view){ .json = tb_common.json, .clear = !env.noclear,
				  .loadavg = !env.nosummary };
	return &v;
}

static int print_summary(void *ctx, FILE *fp, time_t now)
{
	return tb_top_print(ctx, &counts, view(), fp, now);
}

static int prepare(struct tb_cflags *cf)
{
	if ((env.pid > 0 && tb_cflags_add(cf, "-DTARG_PID=%ld", env.pid)) ||
	    (env.family && tb_cflags_add(cf, "-DTARG_FAMILY=%d", env.family)))
		return -1;
	return 0;
}

static void banner(void)
{
	tb_top_banner(interval.interval_ms);
}

/* BCC's kprobes where the kernel has them (they see sendfile() and splice() too); else the
 * sock: tracepoints (sendmsg() and recvmsg() alone), where the kernel has those */
static const struct tb_attach_target target = {
	.kfns = { "tcp_sendmsg", "tcp_cleanup_rbuf" }, .tp = "sock:sock_send_length",
	.methods = TCPTOP_METHODS, .purpose = "TCP sends and receives",
	.fn_desc = "tcp_sendmsg, tcp_cleanup_rbuf",
	.tp_desc = "sock:sock_send_length, sock_recv_length (sendmsg and recvmsg only)",
};
static const struct tb_probe kprobe[] = {
	{ TB_KPROBE, "tcp_sendmsg", "on_tcp_sendmsg" },
	{ TB_KRETPROBE, "tcp_sendmsg", "on_tcp_sendmsg_return" },
	/* gone in 6.5, where sendpage became sendmsg with MSG_SPLICE_PAGES */
	{ TB_KPROBE, "tcp_sendpage", "on_tcp_sendmsg", TB_PROBE_OPTIONAL },
	{ TB_KRETPROBE, "tcp_sendpage", "on_tcp_sendmsg_return", TB_PROBE_OPTIONAL },
	{ TB_KPROBE, "tcp_cleanup_rbuf", "on_tcp_cleanup_rbuf" },
	{ TB_PROBE_END },
};
static const struct tb_probe tracepoint[] = {
	{ TB_TRACEPOINT, "sock:sock_send_length" },
	{ TB_TRACEPOINT, "sock:sock_recv_length" },
	{ TB_PROBE_END },
};

static const struct tb_tool tool = {
	TB_TOOL_SOURCE(tcptop),
	.argp = &argp,
	.choice = &target,
	.method = &env.method,
	.method_probes = { [TB_ATTACH_KPROBE] = kprobe, [TB_ATTACH_TRACEPOINT] = tracepoint },
	.prepare = prepare,
	.before_header = banner,
	.interval = &interval,
};
TB_TOOL_MAIN(tcptop, tool)
