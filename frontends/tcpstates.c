/* tcpstates: trace TCP state changes with the time spent in each state, as BCC's tcpstates. */
#include <argp.h>
#include <linux/types.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "tracebox.h"
#include "tcpstates.h"

_Static_assert(sizeof(struct tcpstates_event) == 80 + TB_TCPSTATES_COMM_LEN,
	       "struct tcpstates_event must have the same layout on both sides");

TB_BPF_SOURCE_DECLARE(tcpstates);

/* the variants programs/tcpstates.bpf.c has */
#define TCPSTATES_METHODS (TB_ATTACH_BIT(TB_ATTACH_TRACEPOINT) | TB_ATTACH_BIT(TB_ATTACH_KPROBE))

static struct env {
	enum tb_time_mode time_mode;
	bool clock, relative; /* -T, -t: both may be given; --json keeps one (-T wins) */
	bool wide;          /* -w */
	bool csv;           /* -s */
	int family;         /* -4/-6: AF_INET/AF_INET6, 0 = both */
	uint16_t lports[TB_MAX_PORTS], dports[TB_MAX_PORTS];
	int nlports, ndports;
	enum tb_attach_method method; /* --attach */
	bool journal;       /* -Y */
} env;

static struct tb_journal *journal; /* -Y: every event also goes to the systemd journal */

const char *argp_program_version = "tcpstates (tracebox) 0.1";
static const char doc[] =
	"Trace TCP session state changes and durations.\n"
	"\n"
	"EXAMPLES:\n"
	"    tcpstates           # trace all TCP state changes\n"
	"    tcpstates -t        # include timestamp column\n"
	"    tcpstates -T        # include time column (HH:MM:SS)\n"
	"    tcpstates -w        # wider columns (fit IPv6)\n"
	"    tcpstates -stT      # csv output, with times & timestamps\n"
	"    tcpstates -L 80     # only trace local port 80\n"
	"    tcpstates -L 80,81  # only trace local ports 80 and 81\n"
	"    tcpstates -D 80     # only trace remote port 80\n"
	"    tcpstates -6        # only trace IPv6 sockets\n"
	"    tcpstates -Y        # log events to the systemd journal too\n"
	"    tcpstates --json    # one JSON object per state change";

enum { OPT_ATTACH = 0x100 };

static const struct argp_option options[] = {
	{ "time", 'T', NULL, 0, "Include time column on output (HH:MM:SS)", 0 },
	{ "timestamp", 't', NULL, 0, "Include timestamp on output (seconds)", 0 },
	{ "wide", 'w', NULL, 0, "Wide column output (fits IPv6 addresses)", 0 },
	{ "csv", 's', NULL, 0, "Comma separated values output", 0 },
	{ "localport", 'L', "PORTS", 0, "Comma-separated list of local ports to trace", 0 },
	{ "remoteport", 'D', "PORTS", 0, "Comma-separated list of remote ports to trace", 0 },
	{ "ipv4", '4', NULL, 0, "Trace IPv4 family only", 0 },
	{ "ipv6", '6', NULL, 0, "Trace IPv6 family only", 0 },
	{ "journal", 'Y', NULL, 0, "Log session state changes to the systemd journal", 0 },
	{ "attach", OPT_ATTACH, "METHOD", 0, "auto (default), tracepoint or kprobe: force an attach "
					  "method", 0 },
	{ 0 },
};

static error_t parse_opt(int key, char *arg, struct argp_state *state)
{
	int err = 0;

	switch (key) {
	case 'T': env.clock = true; break;
	case 't': env.relative = true; break;
	case 'w': env.wide = true; break;
	case 's': env.csv = true; break;
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
	case 'Y': env.journal = true; break;
	case OPT_ATTACH:
		err = tb_parse_attach_method(arg, TCPSTATES_METHODS, &env.method);
		break;
	case ARGP_KEY_END:
		env.time_mode = env.clock ? TB_TIME_CLOCK :
				env.relative ? TB_TIME_RELATIVE : TB_TIME_NONE;
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	if (err)
		tb_argp_fail(state);
	return 0;
}

static const struct argp argp = { options, parse_opt, NULL, doc, tb_common_children, NULL, NULL };

/* BCC: "%-16x %-5d %-10.10s %s%-15s %-5d %-15s %-5d %-11s -> %-11s %.3f"; -w widens C-COMM
 * to 16 and the addresses to 26 and adds IP. "->" is a column of its own in text only. */
enum { COL_SKADDR, COL_PID, COL_COMM, COL_IP, COL_LADDR, COL_LPORT, COL_RADDR, COL_RPORT,
       COL_OLD, COL_ARROW, COL_NEW, COL_MS, NCOLS };
static struct tb_column columns[NCOLS];
static int ncolumns;
static bool has_col[NCOLS];
static int comm_width;
static struct tb_output out;
static struct tb_bcc_times times; /* -T, -t, -s: BCC prints them itself (print_header) */

static void add_column(int id, const char *name, const char *key, int width)
{
	columns[ncolumns++] = (struct tb_column){ name, key, width, TB_LEFT };
	has_col[id] = true;
}

static void setup_columns(void)
{
	bool json = tb_common.json;
	int addr_width = env.wide ? 26 : 15;

	comm_width = env.wide || json ? 16 : 10;
	add_column(COL_SKADDR, "SKADDR", NULL, 16);
	add_column(COL_PID, "C-PID", "pid", 5);
	add_column(COL_COMM, "C-COMM", "comm", comm_width);
	if (env.wide || json)
		add_column(COL_IP, "IP", NULL, 2);
	add_column(COL_LADDR, "LADDR", NULL, addr_width);
	add_column(COL_LPORT, "LPORT", NULL, 5);
	add_column(COL_RADDR, "RADDR", NULL, addr_width);
	add_column(COL_RPORT, "RPORT", NULL, 5);
	add_column(COL_OLD, "OLDSTATE", NULL, 11);
	if (!json)
		add_column(COL_ARROW, "->", NULL, 2);
	add_column(COL_NEW, "NEWSTATE", NULL, 11);
	add_column(COL_MS, "MS", NULL, 0);
}

struct fields {
	char skaddr[20], comm[TB_TCPSTATES_COMM_LEN + 1], laddr[TB_ADDR_STRLEN],
		raddr[TB_ADDR_STRLEN], oldbuf[12], newbuf[12];
	const char *oldstate, *newstate;
	const char *ip;
	double ms;
};

static void get_fields(const struct tcpstates_event *e, struct fields *f)
{
	snprintf(f->skaddr, sizeof(f->skaddr), "%llx", (unsigned long long)e->skaddr);
	snprintf(f->comm, sizeof(f->comm), "%.*s", TB_TCPSTATES_COMM_LEN, e->comm);
	tb_addr_str(e->family, e->saddr, f->laddr, sizeof(f->laddr));
	tb_addr_str(e->family, e->daddr, f->raddr, sizeof(f->raddr));
	f->oldstate = tb_tcp_state_name(e->oldstate, f->oldbuf, sizeof(f->oldbuf));
	f->newstate = tb_tcp_state_name(e->newstate, f->newbuf, sizeof(f->newbuf));
	f->ip = e->family == AF_INET6 ? "6" : "4";
	/* BCC divides whole microseconds */
	f->ms = (double)(e->span_ns / 1000) / 1000;
}

static void print_csv(const struct tcpstates_event *e, const struct fields *f)
{
	printf("%s,%u,%s,%s,%s,%u,%s,%u,%s,%s,%.3f\n", f->skaddr, e->pid, f->comm, f->ip, f->laddr,
	       e->lport, f->raddr, e->dport, f->oldstate, f->newstate, f->ms);
}

static void print_event(const struct tcpstates_event *e)
{
	struct fields f;

	get_fields(e, &f);
	if (!tb_common.json)
		tb_bcc_times_print(stdout, &times, e->ts_ns);
	if (env.csv) {
		print_csv(e, &f);
		return;
	}
	f.comm[comm_width] = 0; /* BCC's %-10.10s */
	tb_output_begin(&out, e->ts_ns);
	tb_output_str(&out, f.skaddr);
	tb_output_uint(&out, e->pid);
	tb_output_str(&out, f.comm);
	if (has_col[COL_IP])
		tb_output_uint(&out, e->family == AF_INET6 ? 6 : 4);
	tb_output_str(&out, f.laddr);
	tb_output_uint(&out, e->lport);
	tb_output_str(&out, f.raddr);
	tb_output_uint(&out, e->dport);
	tb_output_str(&out, f.oldstate);
	if (has_col[COL_ARROW])
		tb_output_str(&out, "->");
	tb_output_str(&out, f.newstate);
	tb_output_double(&out, f.ms, 3);
	tb_output_end(&out);
}

/* -Y: BCC's fields (systemd.journal-fields(7) names plus its OBJECT_TCP_* ones). As root the
 * journal fills OBJECT_COMM and the other OBJECT_* fields itself from OBJECT_PID. */
static void journal_event(const struct tcpstates_event *e)
{
	const char *ip = e->family == AF_INET6 ? "IPV6" : "IPV4";
	char key[48];
	struct fields f;

	get_fields(e, &f);
	tb_journal_field(journal, "SYSLOG_IDENTIFIER", "tcpstates");
	tb_journal_field(journal, "PRIORITY", "5");
	tb_journal_field(journal, "MESSAGE", "%s %s %u \xe2\x86\x92 %s %u %s \xe2\x86\x92 %s", f.comm, f.laddr,
			 e->lport, f.raddr, e->dport, f.oldstate, f.newstate);
	tb_journal_field(journal, "OBJECT_PID", "%u", e->pid);
	if (geteuid() != 0)
		tb_journal_field(journal, "OBJECT_COMM", "%s", f.comm);
	snprintf(key, sizeof(key), "OBJECT_%s_SOURCE_ADDRESS", ip);
	tb_journal_field(journal, key, "%s", f.laddr);
	tb_journal_field(journal, "OBJECT_TCP_SOURCE_PORT", "%u", e->lport);
	snprintf(key, sizeof(key), "OBJECT_%s_DESTINATION_ADDRESS", ip);
	tb_journal_field(journal, key, "%s", f.raddr);
	tb_journal_field(journal, "OBJECT_TCP_DESTINATION_PORT", "%u", e->dport);
	tb_journal_field(journal, "OBJECT_TCP_OLD_STATE", "%s", f.oldstate);
	tb_journal_field(journal, "OBJECT_TCP_NEW_STATE", "%s", f.newstate);
	tb_journal_field(journal, "OBJECT_TCP_SPAN_TIME", "%llu", (unsigned long long)(e->span_ns / 1000));
	tb_journal_send(journal);
}

static void handle_event(void *ctx, int cpu, const void *data, unsigned int size)
{
	print_event(data);
	if (journal)
		journal_event(data);
}

static int build_cflags(struct tb_cflags *cf)
{
	if (env.nlports && tb_cflags_add_ports(cf, "TARG_LPORTS", env.lports, env.nlports))
		return -1;
	if (env.ndports && tb_cflags_add_ports(cf, "TARG_DPORTS", env.dports, env.ndports))
		return -1;
	if (env.family && tb_cflags_add(cf, "-DTARG_FAMILY=%d", env.family))
		return -1;
	return 0;
}

static int prepare(struct tb_cflags *cf)
{
	if (env.journal && !(journal = tb_journal_open()))
		return -1;
	return build_cflags(cf);
}

/* text and CSV print BCC's time columns themselves (both may be asked for: tb_bcc_times), and
 * CSV its own header */
static void print_header(void)
{
	setup_columns();
	tb_output_init(&out, stdout, columns, ncolumns, tb_common.json,
		       tb_common.json ? env.time_mode : TB_TIME_NONE);
	times.clock = env.clock;
	times.relative = env.relative;
	times.csv = env.csv;
	if (!tb_common.json)
		tb_bcc_times_header(stdout, &times);
	if (env.csv)
		puts("SKADDR,C-PID,C-COMM,IP,LADDR,LPORT,RADDR,RPORT,OLDSTATE,NEWSTATE,MS");
	else
		tb_output_header(&out);
}

static void close_journal(void)
{
	tb_journal_close(journal);
	journal = NULL;
}

/* The tracepoint (4.16+) has everything; a kprobe on tcp_set_state is BCC's fallback
 * before it. No fentry variant: the tracepoint exists wherever fentry does. */
static const struct tb_attach_target target = {
	.kfns = { "tcp_set_state" }, .tp = "sock:inet_sock_set_state",
	.methods = TCPSTATES_METHODS, .tracepoint_first = true,
	.purpose = "TCP state changes", .fn_desc = "tcp_set_state",
	.tp_desc = "sock:inet_sock_set_state",
};
static const struct tb_probe kprobe[] = {
	{ TB_KPROBE, "tcp_set_state", "on_tcp_set_state" }, { TB_PROBE_END } };
static const struct tb_probe tracepoint[] = {
	{ TB_TRACEPOINT, "sock:inet_sock_set_state" }, { TB_PROBE_END } };

static const struct tb_tool tool = {
	TB_TOOL_SOURCE(tcpstates),
	.argp = &argp,
	.choice = &target,
	.method = &env.method,
	.method_probes = { [TB_ATTACH_KPROBE] = kprobe, [TB_ATTACH_TRACEPOINT] = tracepoint },
	.prepare = prepare,
	.events = "events",
	.on_event = handle_event,
	.event_size = sizeof(struct tcpstates_event),
	.before_header = print_header,
	.cleanup = close_journal,
};
TB_TOOL_MAIN(tcpstates, tool)
