/* tcplife: trace the lifespan of TCP sessions and summarize each at its close, as BCC's tcplife. */
#include <argp.h>
#include <linux/types.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "tracebox.h"
#include "tcplife.h"

_Static_assert(sizeof(struct tcplife_event) == 80 + TB_TCPLIFE_COMM_LEN,
	       "struct tcplife_event must have the same layout on both sides");

TB_BPF_SOURCE_DECLARE(tcplife);

/* the variants programs/tcplife.bpf.c has */
#define TCPLIFE_METHODS (TB_ATTACH_BIT(TB_ATTACH_TRACEPOINT) | TB_ATTACH_BIT(TB_ATTACH_KPROBE))

static struct env {
	struct tb_bcc_times times; /* -T, -t (both may be given; --json keeps one, -T wins), -s */
	bool wide;          /* -w */
	long pid;           /* -p, -1 = all */
	int family;         /* -4/-6: AF_INET/AF_INET6, 0 = both */
	uint16_t lports[TB_MAX_PORTS], dports[TB_MAX_PORTS];
	int nlports, ndports;
	enum tb_attach_method method; /* --attach */
} env = { .pid = -1 };

const char *argp_program_version = "tcplife (tracebox) 0.1";
static const char doc[] =
	"Trace the lifespan of TCP sessions and summarize.\n"
	"\n"
	"EXAMPLES:\n"
	"    tcplife           # trace all TCP connect()s\n"
	"    tcplife -T        # include time column (HH:MM:SS)\n"
	"    tcplife -w        # wider columns (fit IPv6)\n"
	"    tcplife -stT      # csv output, with times & timestamps\n"
	"    tcplife -p 181    # only trace PID 181\n"
	"    tcplife -L 80     # only trace local port 80\n"
	"    tcplife -L 80,81  # only trace local ports 80 and 81\n"
	"    tcplife -D 80     # only trace remote port 80\n"
	"    tcplife -4        # only trace IPv4 family\n"
	"    tcplife -6        # only trace IPv6 family\n"
	"    tcplife --json    # one JSON object per session, with exact byte counts";

enum { OPT_ATTACH = 0x100 };

static const struct argp_option options[] = {
	{ "time", 'T', NULL, 0, "Include time column on output (HH:MM:SS)", 0 },
	{ "timestamp", 't', NULL, 0, "Include timestamp on output (seconds)", 0 },
	{ "wide", 'w', NULL, 0, "Wide column output (fits IPv6 addresses)", 0 },
	{ "csv", 's', NULL, 0, "Comma separated values output", 0 },
	{ "pid", 'p', "PID", 0, "Trace this PID only", 0 },
	{ "localport", 'L', "PORTS", 0, "Comma-separated list of local ports to trace", 0 },
	{ "remoteport", 'D', "PORTS", 0, "Comma-separated list of remote ports to trace", 0 },
	{ "ipv4", '4', NULL, 0, "Trace IPv4 family only", 0 },
	{ "ipv6", '6', NULL, 0, "Trace IPv6 family only", 0 },
	{ "attach", OPT_ATTACH, "METHOD", 0, "auto (default), tracepoint or kprobe: force an attach "
					  "method", 0 },
	{ 0 },
};

static error_t parse_opt(int key, char *arg, struct argp_state *state)
{
	int err = 0;

	switch (key) {
	case 'T': env.times.clock = true; break;
	case 't': env.times.relative = true; break;
	case 'w': env.wide = true; break;
	case 's': env.times.csv = true; break;
	case 'p': err = tb_parse_pid(arg, "PID", &env.pid); break;
	case 'L':
		env.nlports = tb_parse_ports(arg, "local port list", env.lports, TB_MAX_PORTS);
		err = env.nlports < 0;
		break;
	case 'D':
		env.ndports = tb_parse_ports(arg, "remote port list", env.dports, TB_MAX_PORTS);
		err = env.ndports < 0;
		break;
	case '4':
	case '6': err = tb_parse_family_flag(key, &env.family); break;
	case OPT_ATTACH:
		err = tb_parse_attach_method(arg, TCPLIFE_METHODS, &env.method);
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	if (err)
		tb_argp_fail(state);
	return 0;
}

static const struct argp argp = { options, parse_opt, NULL, doc, tb_common_children, NULL, NULL };

/* BCC: "%-5d %-10.10s %s%-15s %-5d %-15s %-5d %5d %5d %.2f" (IP empty); -w "%-5d %-16.16s
 * %-2s %-39s %-5s %-39s %-5d %6d %6d %.2f". JSON adds the IP and the exact byte counts. */
enum { COL_PID, COL_COMM, COL_IP, COL_LADDR, COL_LPORT, COL_RADDR, COL_RPORT, COL_TX, COL_RX,
       COL_MS, COL_TXB, COL_RXB, NCOLS };
static struct tb_column columns[NCOLS];
static int ncolumns;
static bool has_col[NCOLS];
static int comm_width;
static struct tb_output out;

static void add_column(int id, const char *name, const char *key, int width, enum tb_align a)
{
	columns[ncolumns++] = (struct tb_column){ name, key, width, a };
	has_col[id] = true;
}

static void setup_columns(void)
{
	bool json = tb_common.json, wide = env.wide || json;
	int addr_width = wide ? 39 : 15, kb_width = wide ? 6 : 5;

	ncolumns = 0;
	memset(has_col, 0, sizeof(has_col));
	comm_width = wide ? 16 : 10;
	add_column(COL_PID, "PID", NULL, 5, TB_LEFT);
	add_column(COL_COMM, "COMM", NULL, comm_width, TB_LEFT);
	if (wide)
		add_column(COL_IP, "IP", NULL, 2, TB_LEFT);
	add_column(COL_LADDR, "LADDR", NULL, addr_width, TB_LEFT);
	add_column(COL_LPORT, "LPORT", NULL, 5, TB_LEFT);
	add_column(COL_RADDR, "RADDR", NULL, addr_width, TB_LEFT);
	add_column(COL_RPORT, "RPORT", NULL, 5, TB_LEFT);
	add_column(COL_TX, "TX_KB", "tx_kb", kb_width, TB_RIGHT);
	add_column(COL_RX, "RX_KB", "rx_kb", kb_width, TB_RIGHT);
	add_column(COL_MS, "MS", NULL, 0, TB_LEFT);
	if (json) {
		add_column(COL_TXB, "TX_BYTES", "tx_bytes", 0, TB_LEFT);
		add_column(COL_RXB, "RX_BYTES", "rx_bytes", 0, TB_LEFT);
	}
}

struct fields {
	char comm[TB_TCPLIFE_COMM_LEN + 1], laddr[TB_ADDR_STRLEN], raddr[TB_ADDR_STRLEN];
	const char *ip;
	unsigned long long tx_kb, rx_kb;
	double ms;
};

static void get_fields(const struct tcplife_event *e, struct fields *f)
{
	snprintf(f->comm, sizeof(f->comm), "%.*s", TB_TCPLIFE_COMM_LEN, e->comm);
	tb_addr_str(e->family, e->saddr, f->laddr, sizeof(f->laddr));
	tb_addr_str(e->family, e->daddr, f->raddr, sizeof(f->raddr));
	f->ip = e->family == AF_INET6 ? "6" : "4";
	f->tx_kb = e->tx_b / 1024; /* BCC: "%d" % (tx_b / 1024), truncated */
	f->rx_kb = e->rx_b / 1024;
	f->ms = (double)(e->span_ns / 1000) / 1000; /* BCC divides whole microseconds */
}

void tcplife_print_event(FILE *fp, const struct tcplife_event *e);
void tcplife_print_event(FILE *fp, const struct tcplife_event *e)
{
	struct fields f;

	get_fields(e, &f);
	if (!tb_common.json)
		tb_bcc_times_print(fp, &env.times, e->ts_ns);
	if (env.times.csv && !tb_common.json) {
		fprintf(fp, "%u,%s,%s,%s,%u,%s,%u,%llu,%llu,%.2f\n", e->pid, f.comm, f.ip, f.laddr,
			e->lport, f.raddr, e->dport, f.tx_kb, f.rx_kb, f.ms);
		return;
	}
	f.comm[comm_width] = 0; /* BCC's %-10.10s, %-16.16s */
	tb_output_begin(&out, e->ts_ns);
	tb_output_uint(&out, e->pid);
	tb_output_str(&out, f.comm);
	if (has_col[COL_IP])
		tb_output_uint(&out, e->family == AF_INET6 ? 6 : 4);
	tb_output_str(&out, f.laddr);
	tb_output_uint(&out, e->lport);
	tb_output_str(&out, f.raddr);
	tb_output_uint(&out, e->dport);
	tb_output_uint(&out, f.tx_kb);
	tb_output_uint(&out, f.rx_kb);
	tb_output_double(&out, f.ms, 2);
	if (has_col[COL_TXB]) {
		tb_output_uint(&out, e->tx_b);
		tb_output_uint(&out, e->rx_b);
	}
	tb_output_end(&out);
}

static void handle_event(void *ctx, int cpu, const void *data, unsigned int size)
{
	tcplife_print_event(stdout, data);
}

/* text and CSV print BCC's time columns themselves, and CSV its own header */
void tcplife_print_header(FILE *fp);
void tcplife_print_header(FILE *fp)
{
	enum tb_time_mode time = env.times.clock ? TB_TIME_CLOCK :
				 env.times.relative ? TB_TIME_RELATIVE : TB_TIME_NONE;

	setup_columns();
	tb_output_init(&out, fp, columns, ncolumns, tb_common.json,
		       tb_common.json ? time : TB_TIME_NONE);
	if (tb_common.json)
		return;
	tb_bcc_times_header(fp, &env.times);
	if (env.times.csv)
		fputs("PID,COMM,IP,LADDR,LPORT,RADDR,RPORT,TX_KB,RX_KB,MS\n", fp);
	else
		tb_output_header(&out);
	fflush(fp);
}

static void print_header(void)
{
	tcplife_print_header(stdout);
}

static int prepare(struct tb_cflags *cf)
{
	if (env.pid >= 0 && tb_cflags_add(cf, "-DTARG_PID=%ld", env.pid))
		return -1;
	if (env.family && tb_cflags_add(cf, "-DTARG_FAMILY=%d", env.family))
		return -1;
	if (env.nlports && tb_cflags_add_ports(cf, "TARG_LPORTS", env.lports, env.nlports))
		return -1;
	if (env.ndports && tb_cflags_add_ports(cf, "TARG_DPORTS", env.dports, env.ndports))
		return -1;
	return 0;
}

/* The tracepoint (4.16+) has everything; a kprobe on tcp_set_state is BCC's fallback before
 * it. No fentry variant: the tracepoint exists wherever fentry does. */
static const struct tb_attach_target target = {
	.kfns = { "tcp_set_state" }, .tp = "sock:inet_sock_set_state",
	.methods = TCPLIFE_METHODS, .tracepoint_first = true,
	.purpose = "TCP sessions", .fn_desc = "tcp_set_state",
	.tp_desc = "sock:inet_sock_set_state",
};
static const struct tb_probe kprobe[] = {
	{ TB_KPROBE, "tcp_set_state", "on_tcp_set_state" }, { TB_PROBE_END } };
static const struct tb_probe tracepoint[] = {
	{ TB_TRACEPOINT, "sock:inet_sock_set_state" }, { TB_PROBE_END } };

static const struct tb_tool tool = {
	TB_TOOL_SOURCE(tcplife),
	.argp = &argp,
	.choice = &target,
	.method = &env.method,
	.method_probes = { [TB_ATTACH_KPROBE] = kprobe, [TB_ATTACH_TRACEPOINT] = tracepoint },
	.prepare = prepare,
	.events = "events",
	.on_event = handle_event,
	.event_size = sizeof(struct tcplife_event),
	.before_header = print_header,
};
TB_TOOL_MAIN(tcplife, tool)
