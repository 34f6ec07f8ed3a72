/* tcpconnect: trace active TCP connections (connect()), or count them, as BCC's tcpconnect. */
#include <argp.h>
#include <linux/types.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "tracebox.h"
#include "tcpconnect.h"

_Static_assert(sizeof(struct tcpconnect_event) == 56 + TB_TCPCONNECT_COMM_LEN,
	       "struct tcpconnect_event must have the same layout on both sides");
_Static_assert(sizeof(struct tcpconnect_key) == 40,
	       "struct tcpconnect_key must have the same layout on both sides");

TB_BPF_SOURCE_DECLARE(tcpconnect);

/* the variants programs/tcpconnect.bpf.c has */
#define TCPCONNECT_METHODS (TB_ATTACH_BIT(TB_ATTACH_TRACEPOINT) | TB_ATTACH_BIT(TB_ATTACH_KPROBE))

static struct env {
	bool timestamp;     /* -t */
	long pid;           /* -p, -1 = all */
	long uid;           /* -u, -1 = all */
	bool print_uid;     /* -U */
	bool lport;         /* -L */
	bool count;         /* -c */
	int family;         /* -4/-6: AF_INET/AF_INET6, 0 = both */
	uint16_t dports[TB_MAX_PORTS];
	int ndports;        /* -P */
	enum tb_attach_method method; /* --attach */
} env = { .pid = -1, .uid = -1 };

const char *argp_program_version = "tcpconnect (tracebox) 0.1";
static const char doc[] =
	"Trace TCP connects.\n"
	"\n"
	"EXAMPLES:\n"
	"    tcpconnect           # trace all TCP connect()s\n"
	"    tcpconnect -t        # include timestamps\n"
	"    tcpconnect -p 181    # only trace PID 181\n"
	"    tcpconnect -P 80     # only trace port 80\n"
	"    tcpconnect -P 80,81  # only trace port 80 and 81\n"
	"    tcpconnect -4        # only trace IPv4 family\n"
	"    tcpconnect -6        # only trace IPv6 family\n"
	"    tcpconnect -U        # include UID\n"
	"    tcpconnect -u 1000   # only trace UID 1000\n"
	"    tcpconnect -c        # count connects per src ip and dest ip/port\n"
	"    tcpconnect -L        # include LPORT while printing outputs\n"
	"    tcpconnect --json    # one JSON object per connect\n"
	"    tcpconnect --mntnsmap /sys/fs/bpf/mntnsset  # only these mount namespaces";

enum { OPT_ATTACH = 0x100 };

static const struct argp_option options[] = {
	{ "timestamp", 't', NULL, 0, "Include timestamp on output", 0 },
	{ "pid", 'p', "PID", 0, "Trace this PID only", 0 },
	{ "port", 'P', "PORTS", 0, "Comma-separated list of destination ports to trace", 0 },
	{ "ipv4", '4', NULL, 0, "Trace IPv4 family only", 0 },
	{ "ipv6", '6', NULL, 0, "Trace IPv6 family only", 0 },
	{ "lport", 'L', NULL, 0, "Include LPORT on output", 0 },
	{ "print-uid", 'U', NULL, 0, "Include UID on output", 0 },
	{ "uid", 'u', "UID", 0, "Trace this UID only", 0 },
	{ "count", 'c', NULL, 0, "Count connects per src ip and dest ip/port", 0 },
	{ "dns", 'd', NULL, 0, "Not supported here (BCC's DNS correlation): refused", 0 },
	{ "attach", OPT_ATTACH, "METHOD", 0, "auto (default), tracepoint or kprobe: force an attach "
					  "method", 0 },
	{ 0 },
};

static error_t parse_opt(int key, char *arg, struct argp_state *state)
{
	int err = 0;

	switch (key) {
	case 't': env.timestamp = true; break;
	case 'p': err = tb_parse_pid(arg, "PID", &env.pid); break;
	case 'P':
		env.ndports = tb_parse_ports(arg, "port list", env.dports, TB_MAX_PORTS);
		err = env.ndports < 0;
		break;
	case '4':
	case '6': err = tb_parse_family_flag(key, &env.family); break;
	case 'L': env.lport = true; break;
	case 'U': env.print_uid = true; break;
	case 'u': err = tb_parse_user(arg, &env.uid); break;
	case 'c': env.count = true; break;
	case 'd':
		/* BCC parses DNS replies (udp_recvmsg kprobes, dnslib in Python) to name each
		 * address; that is not done here, and a silently empty QUERY column would mislead */
		tb_error("invalid option '-d': DNS correlation (BCC's QUERY column) is not "
			 "implemented in tracebox's tcpconnect");
		err = -1;
		break;
	case OPT_ATTACH:
		err = tb_parse_attach_method(arg, TCPCONNECT_METHODS, &env.method);
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	if (err)
		tb_argp_fail(state);
	return 0;
}

static const struct argp argp = { options, parse_opt, NULL, doc, tb_container_children, NULL, NULL };

/* BCC: "%-7s %-12s %-2s %-16s [%-6s ]%-16s %-6s", after "%-9s" TIME(s) and "%-6s" UID
 * prefixes that text prints itself (no separator after them, as BCC). */
enum { COL_UID, COL_PID, COL_COMM, COL_IP, COL_SADDR, COL_LPORT, COL_DADDR, COL_DPORT, NCOLS };
static const struct tb_column all_columns[NCOLS] = {
	[COL_UID] = { "UID", NULL, 6, TB_LEFT },
	[COL_PID] = { "PID", NULL, 7, TB_LEFT },
	[COL_COMM] = { "COMM", NULL, 12, TB_LEFT },
	[COL_IP] = { "IP", NULL, 2, TB_LEFT },
	[COL_SADDR] = { "SADDR", NULL, 16, TB_LEFT },
	[COL_LPORT] = { "LPORT", NULL, 6, TB_LEFT },
	[COL_DADDR] = { "DADDR", NULL, 16, TB_LEFT },
	[COL_DPORT] = { "DPORT", NULL, 0, TB_LEFT },
};
static struct tb_column columns[NCOLS];
static int ncolumns;
static struct tb_output out;
static uint64_t first_ts; /* -t: BCC counts from the first event */

static void setup_columns(void)
{
	ncolumns = 0;
	for (int i = 0; i < NCOLS; i++) {
		/* text prints UID as a prefix (print_prefix); JSON has it as a key */
		if (i == COL_UID && !(env.print_uid && tb_common.json))
			continue;
		if (i == COL_LPORT && !env.lport)
			continue;
		columns[ncolumns++] = all_columns[i];
	}
}

static void print_header(void)
{
	if (env.count) {
		tb_output_banner("TCP connects");
		return;
	}
	setup_columns();
	tb_output_init(&out, stdout, columns, ncolumns, tb_common.json,
		       env.timestamp && tb_common.json ? TB_TIME_RELATIVE : TB_TIME_NONE);
	if (!tb_common.json) {
		if (env.timestamp)
			printf("%-9s", "TIME(s)");
		if (env.print_uid)
			printf("%-6s", "UID");
	}
	tb_output_header(&out);
}

static void handle_event(void *ctx, int cpu, const void *data, unsigned int size)
{
	const struct tcpconnect_event *e = data;
	char comm[TB_TCPCONNECT_COMM_LEN + 1], saddr[TB_ADDR_STRLEN], daddr[TB_ADDR_STRLEN];

	/* BCC's %-12.12s; JSON keeps the whole name */
	snprintf(comm, sizeof(comm), "%.*s", tb_common.json ? TB_TCPCONNECT_COMM_LEN : 12, e->comm);
	tb_addr_str(e->family, e->saddr, saddr, sizeof(saddr));
	tb_addr_str(e->family, e->daddr, daddr, sizeof(daddr));
	if (!tb_common.json) {
		if (env.timestamp)
			printf("%-9.3f", tb_seconds_since_first(&first_ts, e->ts_ns));
		if (env.print_uid)
			printf("%-6u", e->uid);
	}
	tb_output_begin(&out, e->ts_ns);
	if (env.print_uid && tb_common.json)
		tb_output_uint(&out, e->uid);
	tb_output_uint(&out, e->pid);
	tb_output_str(&out, comm);
	tb_output_uint(&out, e->family == AF_INET6 ? 6 : 4);
	tb_output_str(&out, saddr);
	if (env.lport)
		tb_output_uint(&out, e->lport);
	tb_output_str(&out, daddr);
	tb_output_uint(&out, e->dport);
	tb_output_end(&out);
}

/* -c: BCC's table at Ctrl-C, most connects first */
struct flow {
	struct tcpconnect_key key;
	__u64 connects;
};

static int cmp_flows(const void *a, const void *b)
{
	const struct flow *x = a, *y = b;

	if (x->connects != y->connects)
		return x->connects < y->connects ? 1 : -1;
	return memcmp(&x->key, &y->key, sizeof(x->key));
}

static const struct tb_column count_columns[] = {
	{ "LADDR", NULL, 25, TB_LEFT },
	{ "RADDR", NULL, 25, TB_LEFT },
	{ "RPORT", NULL, 20, TB_LEFT },
	{ "CONNECTS", NULL, 0, TB_LEFT },
};

void tcpconnect_print_counts(FILE *fp, struct flow *flows, size_t n);
void tcpconnect_print_counts(FILE *fp, struct flow *flows, size_t n)
{
	struct tb_output cout;

	qsort(flows, n, sizeof(*flows), cmp_flows);
	if (!tb_common.json)
		fputc('\n', fp);
	tb_output_init(&cout, fp, count_columns, 4, tb_common.json, TB_TIME_NONE);
	tb_output_header(&cout);
	for (size_t i = 0; i < n; i++) {
		char saddr[TB_ADDR_STRLEN], daddr[TB_ADDR_STRLEN];
		const struct tcpconnect_key *k = &flows[i].key;

		tb_addr_str(k->family, k->saddr, saddr, sizeof(saddr));
		tb_addr_str(k->family, k->daddr, daddr, sizeof(daddr));
		tb_output_begin(&cout, 0);
		tb_output_str(&cout, saddr);
		tb_output_str(&cout, daddr);
		tb_output_uint(&cout, k->dport);
		tb_output_uint(&cout, flows[i].connects);
		tb_output_end(&cout);
	}
	fflush(fp);
}

static void print_counts(struct tb_prog *prog)
{
	struct flow *flows;
	size_t n;

	if (!env.count || tb_table_read_counts(prog, "counts", sizeof(flows->key), sizeof(*flows),
					       offsetof(struct flow, connects), (void **)&flows, &n))
		return;
	tcpconnect_print_counts(stdout, flows, n);
	free(flows);
}

/* Which connect functions -4/-6 leave in (kprobes) */
static bool v4, v6_only, v6_if_loaded;

static int prepare(struct tb_cflags *cf)
{
	v4 = env.family != AF_INET6;
	v6_only = env.family == AF_INET6;
	v6_if_loaded = !env.family;
	if (env.pid >= 0 && tb_cflags_add(cf, "-DTARG_PID=%ld", env.pid))
		return -1;
	if (env.uid >= 0 && tb_cflags_add(cf, "-DTARG_UID=%ld", env.uid))
		return -1;
	if (env.family && tb_cflags_add(cf, "-DTARG_FAMILY=%d", env.family))
		return -1;
	if (env.ndports && tb_cflags_add_ports(cf, "TARG_DPORTS", env.dports, env.ndports))
		return -1;
	if (env.count && tb_cflags_add(cf, "-DDO_COUNT"))
		return -1;
	/* the tracepoint sees the local port only when the socket leaves SYN_SENT */
	if (env.lport && !env.count && tb_cflags_add(cf, "-DWANT_LPORT"))
		return -1;
	return 0;
}

/* The tracepoint where it exists (4.16+: CLOSE -> SYN_SENT inside connect()), else BCC's
 * kprobes. No fentry variant: the tracepoint exists wherever fentry does. */
static const struct tb_attach_target target = {
	.kfns = { "tcp_v4_connect" }, .tp = "sock:inet_sock_set_state",
	.methods = TCPCONNECT_METHODS, .tracepoint_first = true,
	.purpose = "TCP connects", .fn_desc = "tcp_v4_connect/tcp_v6_connect and their returns",
	.tp_desc = "sock:inet_sock_set_state, CLOSE to SYN_SENT",
};
static const struct tb_probe kprobe[] = {
	{ TB_KPROBE, "tcp_v4_connect", "on_connect_entry", .when = &v4 },
	{ TB_KRETPROBE, "tcp_v4_connect", "on_connect_v4_return", .when = &v4 },
	/* IPv6 may be a module that is not loaded: IPv4 alone still works, unless -6 */
	{ TB_KPROBE, "tcp_v6_connect", "on_connect_entry", TB_PROBE_OPTIONAL, &v6_if_loaded },
	{ TB_KRETPROBE, "tcp_v6_connect", "on_connect_v6_return", TB_PROBE_OPTIONAL, &v6_if_loaded },
	{ TB_KPROBE, "tcp_v6_connect", "on_connect_entry", .when = &v6_only },
	{ TB_KRETPROBE, "tcp_v6_connect", "on_connect_v6_return", .when = &v6_only },
	{ TB_PROBE_END },
};
static const struct tb_probe tracepoint[] = {
	{ TB_TRACEPOINT, "sock:inet_sock_set_state" }, { TB_PROBE_END } };

static const struct tb_tool tool = {
	TB_TOOL_SOURCE(tcpconnect),
	.argp = &argp,
	.choice = &target,
	.method = &env.method,
	.method_probes = { [TB_ATTACH_KPROBE] = kprobe, [TB_ATTACH_TRACEPOINT] = tracepoint },
	.prepare = prepare,
	.events = "events",
	.on_event = handle_event,
	.event_size = sizeof(struct tcpconnect_event),
	.before_header = print_header,
	.finish = print_counts,
};
TB_TOOL_MAIN(tcpconnect, tool)
