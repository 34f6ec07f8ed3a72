/* bindsnoop: trace IPv4 and IPv6 bind()s, or count them, as BCC's bindsnoop. */
#include <argp.h>
#include <linux/types.h>
#include <netinet/in.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "tracebox.h"
#include "bindsnoop.h"

_Static_assert(sizeof(struct bindsnoop_event) == 48 + TB_BINDSNOOP_COMM_LEN,
	       "struct bindsnoop_event must have the same layout on both sides");
_Static_assert(sizeof(struct bindsnoop_key) == 24,
	       "struct bindsnoop_key must have the same layout on both sides");

TB_BPF_SOURCE_DECLARE(bindsnoop);

/* the variants programs/bindsnoop.bpf.c has */
#define BINDSNOOP_METHODS (TB_ATTACH_BIT(TB_ATTACH_KPROBE) | TB_ATTACH_BIT(TB_ATTACH_TRACEPOINT))

static struct env {
	bool timestamp;     /* -t */
	bool wide;          /* -w */
	long pid;           /* -p, -1 = all */
	long uid;           /* -u, -1 = all */
	bool print_uid;     /* -U */
	bool errors;        /* -E */
	bool count;         /* --count */
	uint16_t ports[TB_MAX_PORTS];
	int nports;         /* -P */
	enum tb_attach_method method; /* --attach */
} env = { .pid = -1, .uid = -1 };

const char *argp_program_version = "bindsnoop (tracebox) 0.1";
static const char doc[] =
	"Trace TCP binds (IPv4 and IPv6 bind()s of every protocol).\n"
	"\n"
	"EXAMPLES:\n"
	"    bindsnoop           # trace all TCP bind()s\n"
	"    bindsnoop -t        # include timestamps\n"
	"    bindsnoop -w        # wider columns (fit IPv6)\n"
	"    bindsnoop -p 181    # only trace PID 181\n"
	"    bindsnoop -P 80     # only trace port 80\n"
	"    bindsnoop -P 80,81  # only trace port 80 and 81\n"
	"    bindsnoop -U        # include UID\n"
	"    bindsnoop -u 1000   # only trace UID 1000\n"
	"    bindsnoop -E        # report bind errors\n"
	"    bindsnoop --count   # count bind per src ip\n"
	"    bindsnoop --json    # one JSON object per bind\n"
	"    bindsnoop --cgroupmap mappath  # only trace cgroups in this BPF map\n"
	"    bindsnoop --mntnsmap  mappath  # only trace mount namespaces in the map\n"
	"\n"
	"OPTS are the socket options set before bind that change what it does:\n"
	"    SOL_IP     IP_FREEBIND              F....\n"
	"    SOL_IP     IP_TRANSPARENT           .T...\n"
	"    SOL_IP     IP_BIND_ADDRESS_NO_PORT  ..N..\n"
	"    SOL_SOCKET SO_REUSEADDR             ...R.\n"
	"    SOL_SOCKET SO_REUSEPORT             ....r\n"
	"IF is the SO_BINDTODEVICE interface's index (0: none).";

enum { OPT_COUNT = 0x100, OPT_ATTACH };

static const struct argp_option options[] = {
	{ "timestamp", 't', NULL, 0, "Include timestamp on output", 0 },
	{ "wide", 'w', NULL, 0, "Wide column output (fits IPv6 addresses)", 0 },
	{ "pid", 'p', "PID", 0, "Trace this PID only", 0 },
	{ "port", 'P', "PORTS", 0, "Comma-separated list of ports to trace", 0 },
	{ "errors", 'E', NULL, 0, "Include errors in the output", 0 },
	{ "print-uid", 'U', NULL, 0, "Include UID on output", 0 },
	{ "uid", 'u', "UID", 0, "Trace this UID only", 0 },
	{ "count", OPT_COUNT, NULL, 0, "Count binds per src ip and port", 0 },
	{ "attach", OPT_ATTACH, "METHOD", 0, "auto (default), kprobe or tracepoint: force an attach "
					  "method", 0 },
	{ 0 },
};

static error_t parse_opt(int key, char *arg, struct argp_state *state)
{
	int err = 0;

	switch (key) {
	case 't': env.timestamp = true; break;
	case 'w': env.wide = true; break;
	case 'p': err = tb_parse_pid(arg, "PID", &env.pid); break;
	case 'P':
		env.nports = tb_parse_ports(arg, "port list", env.ports, TB_MAX_PORTS);
		err = env.nports < 0;
		break;
	case 'E': env.errors = true; break;
	case 'U': env.print_uid = true; break;
	case 'u': err = tb_parse_user(arg, &env.uid); break;
	case OPT_COUNT: env.count = true; break;
	case OPT_ATTACH:
		err = tb_parse_attach_method(arg, BINDSNOOP_METHODS, &env.method);
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	if (err)
		tb_argp_fail(state);
	return 0;
}

static const struct argp argp = { options, parse_opt, NULL, doc, tb_container_children, NULL, NULL };

/* BCC: "%8d %-12.12s %-4.4s %-15.15s %5d %-5s %2d", -w "%10d %-12.12s %-4s %-39s %5d %-5s %2d",
 * after the "TIME(s)", "UID" and "RC" prefixes that text prints itself ("%-9.6f ", "%6d ",
 * "%3s " or -w "%-25s "). The header takes the values' alignment (BCC's PORT and OPTS headers
 * are aligned the other way). */
enum { COL_TIME, COL_UID, COL_RC, COL_PID, COL_COMM, COL_PROT, COL_ADDR, COL_PORT, COL_OPTS,
       COL_IF, NCOLS };
static const struct tb_column all_columns[NCOLS] = {
	[COL_TIME] = { "TIME(s)", "time_s", 0, TB_LEFT },
	[COL_UID] = { "UID", NULL, 0, TB_LEFT },
	[COL_RC] = { "RC", NULL, 0, TB_LEFT },
	[COL_PID] = { "PID", NULL, 8, TB_RIGHT },
	[COL_COMM] = { "COMM", NULL, 12, TB_LEFT },
	[COL_PROT] = { "PROT", NULL, 4, TB_LEFT },
	[COL_ADDR] = { "ADDR", NULL, 15, TB_LEFT },
	[COL_PORT] = { "PORT", NULL, 5, TB_RIGHT },
	[COL_OPTS] = { "OPTS", NULL, 5, TB_LEFT },
	[COL_IF] = { "IF", NULL, 2, TB_RIGHT },
};
static struct tb_column columns[NCOLS];
static int ncolumns;
static struct tb_output out;
static uint64_t first_ts; /* -t: BCC counts from the first event */

static void setup_columns(void)
{
	ncolumns = 0;
	for (int i = 0; i < NCOLS; i++) {
		/* text prints the first three as prefixes; JSON has them as keys */
		if (i <= COL_RC && !tb_common.json)
			continue;
		if ((i == COL_TIME && !env.timestamp) || (i == COL_UID && !env.print_uid) ||
		    (i == COL_RC && !env.errors))
			continue;
		columns[ncolumns] = all_columns[i];
		if (env.wide && i == COL_PID)
			columns[ncolumns].width = 10;
		if (env.wide && i == COL_ADDR)
			columns[ncolumns].width = 39;
		ncolumns++;
	}
}

/* The column header on fp, where the events go (text prefixes first) */
void bindsnoop_header(FILE *fp);
void bindsnoop_header(FILE *fp)
{
	setup_columns();
	tb_output_init(&out, fp, columns, ncolumns, tb_common.json, TB_TIME_NONE);
	if (!tb_common.json) {
		if (env.timestamp)
			fprintf(fp, "%-9s ", "TIME(s)");
		if (env.print_uid)
			fprintf(fp, "%6s ", "UID");
		if (env.errors)
			fprintf(fp, env.wide ? "%-25s " : "%3s ", "RC");
	}
	tb_output_header(&out);
}

static void print_header(void)
{
	tb_output_banner("binds");
	if (!env.count)
		bindsnoop_header(stdout);
}

/* "FTNRr" with a dot for each option not set */
const char *bindsnoop_opts_str(unsigned int opts, char *buf);
const char *bindsnoop_opts_str(unsigned int opts, char *buf)
{
	static const char letters[] = "FTNRr";

	for (int i = 0; i < 5; i++)
		buf[i] = opts & (1u << i) ? letters[i] : '.';
	buf[5] = 0;
	return buf;
}

/* The protocol as BCC names it (Python's IPPROTO_* names without the prefix) */
const char *bindsnoop_proto_str(unsigned int proto);
const char *bindsnoop_proto_str(unsigned int proto)
{
	switch (proto) {
	case IPPROTO_TCP: return "TCP";
	case IPPROTO_UDP: return "UDP";
	case IPPROTO_UDPLITE: return "UDPLITE";
	case IPPROTO_SCTP: return "SCTP";
	case IPPROTO_ICMP: return "ICMP";
	case IPPROTO_ICMPV6: return "ICMPV6";
	case IPPROTO_RAW: return "RAW";
	case IPPROTO_MPTCP: return "MPTCP";
	default: return "UNKNOWN";
	}
}

/* One event, on the stream bindsnoop_header opened */
void bindsnoop_print_event(const struct bindsnoop_event *e);
void bindsnoop_print_event(const struct bindsnoop_event *e)
{
	char comm[TB_BINDSNOOP_COMM_LEN + 1], prot[8], addr[TB_ADDR_STRLEN], opts[6];
	bool json = tb_common.json;

	/* BCC's %-12.12s and, without -w, %-4.4s and %-15.15s; JSON keeps them whole */
	snprintf(comm, sizeof(comm), "%.*s", json ? TB_BINDSNOOP_COMM_LEN : 12, e->comm);
	snprintf(prot, sizeof(prot), "%.*s", json || env.wide ? 7 : 4,
		 bindsnoop_proto_str(e->protocol));
	tb_addr_str(e->family, e->addr, addr, sizeof(addr));
	if (!json && !env.wide)
		addr[15] = 0;
	if (!json) {
		if (env.timestamp)
			fprintf(out.fp, "%-9.6f ", tb_seconds_since_first(&first_ts, e->ts_ns));
		if (env.print_uid)
			fprintf(out.fp, "%6u ", e->uid);
		if (env.errors && env.wide)
			fprintf(out.fp, "%-25s ", strerror(-e->ret));
		else if (env.errors)
			fprintf(out.fp, "%3d ", e->ret);
	}
	tb_output_begin(&out, e->ts_ns);
	if (json && env.timestamp)
		tb_output_double(&out, tb_seconds_since_first(&first_ts, e->ts_ns), 6);
	if (json && env.print_uid)
		tb_output_uint(&out, e->uid);
	if (json && env.errors)
		tb_output_int(&out, e->ret);
	tb_output_uint(&out, e->pid);
	tb_output_str(&out, comm);
	tb_output_str(&out, prot);
	tb_output_str(&out, addr);
	tb_output_uint(&out, e->port);
	tb_output_str(&out, bindsnoop_opts_str(e->opts, opts));
	tb_output_uint(&out, e->bound_dev_if);
	tb_output_end(&out);
}

static void handle_event(void *ctx, int cpu, const void *data, unsigned int size)
{
	bindsnoop_print_event(data);
}

/* --count: BCC's table at Ctrl-C, IPv4 then IPv6, most binds first */
struct bind_count {
	struct bindsnoop_key key;
	__u64 binds;
};

static int cmp_counts(const void *a, const void *b)
{
	const struct bind_count *x = a, *y = b;

	if (x->key.family != y->key.family)
		return x->key.family < y->key.family ? -1 : 1;
	if (x->binds != y->binds)
		return x->binds < y->binds ? 1 : -1;
	return memcmp(&x->key, &y->key, sizeof(x->key));
}

static const struct tb_column count_columns[] = {
	{ "LADDR", NULL, 32, TB_LEFT },
	{ "LPORT", NULL, 20, TB_RIGHT },
	{ "BINDS", NULL, 0, TB_LEFT },
};

void bindsnoop_print_counts(FILE *fp, struct bind_count *counts, size_t n);
void bindsnoop_print_counts(FILE *fp, struct bind_count *counts, size_t n)
{
	struct tb_output cout;

	qsort(counts, n, sizeof(*counts), cmp_counts);
	/* text is BCC's "%-32s %20s     %-10d", wider than one space between columns */
	if (tb_common.json)
		tb_output_init(&cout, fp, count_columns, 3, true, TB_TIME_NONE);
	else
		fprintf(fp, "\n%-32s %20s     %-10s\n", "LADDR", "LPORT", "BINDS");
	for (size_t i = 0; i < n; i++) {
		char addr[TB_ADDR_STRLEN];
		const struct bindsnoop_key *k = &counts[i].key;

		tb_addr_str(k->family, k->addr, addr, sizeof(addr));
		if (!tb_common.json) {
			fprintf(fp, "%-32s %20u     %-10llu\n", addr, k->port,
				(unsigned long long)counts[i].binds);
			continue;
		}
		tb_output_begin(&cout, 0);
		tb_output_str(&cout, addr);
		tb_output_uint(&cout, k->port);
		tb_output_uint(&cout, counts[i].binds);
		tb_output_end(&cout);
	}
	fflush(fp);
}

static void print_counts(struct tb_prog *prog)
{
	struct bind_count *counts;
	size_t n;

	if (!env.count || tb_table_read_counts(prog, "counts", sizeof(counts->key),
					       sizeof(*counts), offsetof(struct bind_count, binds),
					       (void **)&counts, &n))
		return;
	bindsnoop_print_counts(stdout, counts, n);
	free(counts);
}

static int prepare(struct tb_cflags *cf)
{
	if (env.pid >= 0 && tb_cflags_add(cf, "-DTARG_PID=%ld", env.pid))
		return -1;
	if (env.uid >= 0 && tb_cflags_add(cf, "-DTARG_UID=%ld", env.uid))
		return -1;
	if (env.nports && tb_cflags_add_ports(cf, "TARG_PORTS", env.ports, env.nports))
		return -1;
	if (env.errors && tb_cflags_add(cf, "-DERRORS"))
		return -1;
	if (env.count && tb_cflags_add(cf, "-DDO_COUNT"))
		return -1;
	return 0;
}

/* BCC's kprobes where the kernel has them: they see every inet bind, in-kernel callers' too;
 * else the bind() syscall's tracepoints, which every kernel here has. */
static const struct tb_attach_target target = {
	.kfns = { "inet_bind" }, .tp = "syscalls:sys_enter_bind",
	.methods = BINDSNOOP_METHODS, .purpose = "binds",
	.fn_desc = "inet_bind/inet6_bind and their returns",
	.tp_desc = "syscalls:sys_enter_bind/sys_exit_bind, the socket from the fd",
};
static const struct tb_probe kprobe[] = {
	{ TB_KPROBE, "inet_bind", "on_bind_entry" },
	{ TB_KRETPROBE, "inet_bind", "on_bind_return" },
	/* IPv6 may be a module that is not loaded: IPv4 alone still works */
	{ TB_KPROBE, "inet6_bind", "on_bind_entry", TB_PROBE_OPTIONAL },
	{ TB_KRETPROBE, "inet6_bind", "on_bind_return", TB_PROBE_OPTIONAL },
	{ TB_PROBE_END },
};
static const struct tb_probe tracepoint[] = {
	{ TB_TRACEPOINT, "syscalls:sys_enter_bind" },
	{ TB_TRACEPOINT, "syscalls:sys_exit_bind" },
	{ TB_PROBE_END },
};

static const struct tb_tool tool = {
	TB_TOOL_SOURCE(bindsnoop),
	.argp = &argp,
	.choice = &target,
	.method = &env.method,
	.method_probes = { [TB_ATTACH_KPROBE] = kprobe, [TB_ATTACH_TRACEPOINT] = tracepoint },
	.prepare = prepare,
	.events = "events",
	.on_event = handle_event,
	.event_size = sizeof(struct bindsnoop_event),
	.before_header = print_header,
	.finish = print_counts,
};
TB_TOOL_MAIN(bindsnoop, tool)
