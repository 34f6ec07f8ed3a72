/* tcpconnect: trace active TCP connections (connect()), or count them, as BCC's tcpconnect. */
#include <argp.h>
#include <errno.h>
#include <math.h>
#include <linux/types.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "tracebox.h"
#include "tb_dns.h"
#include "tcpconnect.h"

_Static_assert(sizeof(struct tcpconnect_event) == 56 + TB_TCPCONNECT_COMM_LEN,
	       "struct tcpconnect_event must have the same layout on both sides");
_Static_assert(sizeof(struct tcpconnect_key) == 40,
	       "struct tcpconnect_key must have the same layout on both sides");
_Static_assert(sizeof(struct tcpconnect_dns) == 16 + TB_TCPCONNECT_DNS_MAX,
	       "struct tcpconnect_dns must have the same layout on both sides");

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
	bool dns;           /* -d */
	int family;         /* -4/-6: AF_INET/AF_INET6, 0 = both */
	uint16_t dports[TB_MAX_PORTS];
	int ndports;        /* -P */
	enum tb_attach_method method; /* --attach */
	enum tb_attach_method dns_method; /* --attach as given: -d's way too, unless auto */
} env = { .pid = -1, .uid = -1 };

const char *argp_program_version = "tcpconnect (tracebox) 0.1";
static const char doc[] =
	"Trace TCP connects.\n"
	"\n"
	"EXAMPLES:\n"
	"    tcpconnect           # trace all TCP connect()s\n"
	"    tcpconnect -t        # include timestamps\n"
	"    tcpconnect -d        # include DNS queries associated with connects\n"
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
	{ "dns", 'd', NULL, 0, "Include likely DNS query associated with each connect", 0 },
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
	case 'd': env.dns = true; break;
	case ARGP_KEY_END:
		env.dns_method = env.method;
		if (env.count && env.dns) {
			tb_error("invalid options '-c' and '-d': -d names the destinations of "
				 "connects -c does not print");
			err = -1;
		}
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
enum { COL_UID, COL_PID, COL_COMM, COL_IP, COL_SADDR, COL_LPORT, COL_DADDR, COL_DPORT,
       COL_QUERY, COL_QUERY_MS, NCOLS };
static const struct tb_column all_columns[NCOLS] = {
	[COL_UID] = { "UID", NULL, 6, TB_LEFT },
	[COL_PID] = { "PID", NULL, 7, TB_LEFT },
	[COL_COMM] = { "COMM", NULL, 12, TB_LEFT },
	[COL_IP] = { "IP", NULL, 2, TB_LEFT },
	[COL_SADDR] = { "SADDR", NULL, 16, TB_LEFT },
	[COL_LPORT] = { "LPORT", NULL, 6, TB_LEFT },
	[COL_DADDR] = { "DADDR", NULL, 16, TB_LEFT },
	[COL_DPORT] = { "DPORT", NULL, 0, TB_LEFT },
	[COL_QUERY] = { "QUERY", NULL, 0, TB_LEFT },
	[COL_QUERY_MS] = { "QUERY_MS", NULL, 0, TB_LEFT }, /* JSON: text says it in QUERY */
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
		if ((i == COL_QUERY && !env.dns) || (i == COL_QUERY_MS && !(env.dns && tb_common.json)))
			continue;
		columns[ncolumns++] = all_columns[i];
		/* BCC's "%-6d %s": DPORT padded when QUERY follows */
		if (i == COL_DPORT && env.dns)
			columns[ncolumns - 1].width = 6;
	}
}

/* -d: the names DNS replies gave addresses, BCC's way: the last reply naming an address wins,
 * 10,240 addresses at most, forgotten after a day */
static struct tb_dns_cache *dns_cache;
#define DNS_LATE_MS 100.0 /* BCC's DELAY_DNS: a longer wait is printed after the name */
static uint64_t dns_replies, dns_unparsed;

void tcpconnect_dns_reply(const uint8_t *pkt, size_t len, uint64_t ts_ns);
void tcpconnect_dns_reply(const uint8_t *pkt, size_t len, uint64_t ts_ns)
{
	struct tb_dns_answer ans[32];
	char name[TB_DNS_NAME_MAX];
	int n = tb_dns_parse_reply(pkt, len, name, sizeof(name), ans, 32);

	dns_replies++;
	if (n < 0) {
		dns_unparsed++;
		return;
	}
	for (int i = 0; i < n; i++)
		tb_dns_cache_put(dns_cache, ans[i].family, ans[i].addr, name, ts_ns);
}

static void handle_dns(void *ctx, int cpu, const void *data, unsigned int size)
{
	const struct tcpconnect_dns *d = data;

	if (size < offsetof(struct tcpconnect_dns, pkt)) { /* said at exit under -v */
		dns_replies++;
		dns_unparsed++;
		return;
	}
	tcpconnect_dns_reply(d->pkt, d->len <= size - offsetof(struct tcpconnect_dns, pkt) ?
			     d->len : size - offsetof(struct tcpconnect_dns, pkt), d->ts_ns);
}

/* The QUERY column's text for a connect to daddr at ts_ns, as BCC prints it: the name, "No
 * DNS Query" ("localhost" for 127.0.0.1 and ::1), and " (123.342ms)" after a name answered
 * more than 100 ms before. *name and *ms for JSON: NULL and NAN when none. */
void tcpconnect_query(int family, const uint8_t *daddr, uint64_t ts_ns, char *text, size_t len,
		      const char **name, double *ms);
void tcpconnect_query(int family, const uint8_t *daddr, uint64_t ts_ns, char *text, size_t len,
		      const char **name, double *ms)
{
	static const uint8_t lo4[4] = { 127, 0, 0, 1 }, lo6[16] = { [15] = 1 };
	uint64_t reply_ns = 0;

	*name = dns_cache ? tb_dns_cache_get(dns_cache, family, daddr, ts_ns, &reply_ns) : NULL;
	*ms = NAN;
	if (!*name) {
		snprintf(text, len, "%s", (family == AF_INET && !memcmp(daddr, lo4, 4)) ||
			 (family == AF_INET6 && !memcmp(daddr, lo6, 16)) ? "localhost" :
			 "No DNS Query");
		return;
	}
	*ms = ts_ns > reply_ns ? (ts_ns - reply_ns) / 1e6 : 0;
	if (*ms > DNS_LATE_MS)
		snprintf(text, len, "%s (%.3fms)", *name, *ms);
	else
		snprintf(text, len, "%s", *name);
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
	if (env.dns) {
		char query[TB_DNS_NAME_MAX + 32];
		const char *name;
		double ms;

		tcpconnect_query(e->family, e->daddr, e->ts_ns, query, sizeof(query), &name, &ms);
		if (tb_common.json) {
			tb_output_str(&out, name);
			tb_output_double(&out, ms, 3);
		} else {
			tb_output_str(&out, query);
		}
	}
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
/* -d: how DNS replies are read here (tcpconnect.bpf.c): udp_recvmsg kprobes, BCC's, which see
 * every way of receiving; else the recvfrom and recvmsg syscall tracepoints */
static bool dns_kprobe, dns_syscalls;

static int choose_dns(struct tb_cflags *cf)
{
	/* --attach kprobe or tracepoint forces -d's way too (and attaching says what is missing) */
	dns_kprobe = env.dns_method == TB_ATTACH_KPROBE ||
		     (env.dns_method == TB_ATTACH_AUTO && tb_kprobe_exists("udp_recvmsg"));
	dns_syscalls = !dns_kprobe && (env.dns_method == TB_ATTACH_TRACEPOINT ||
		       (tb_tracepoint_exists("syscalls:sys_enter_recvfrom") &&
			tb_tracepoint_exists("syscalls:sys_enter_recvmsg")));
	if (!dns_kprobe && !dns_syscalls) {
		tb_error("failed to trace DNS replies (-d): no kprobe on udp_recvmsg (%s) and no "
			 "syscalls:sys_enter_recvfrom/recvmsg tracepoints", tb_kprobes_supported() ?
			 "not traceable" : "no kprobes in this kernel");
		return -1;
	}
	tb_info("DNS replies (-d) read by %s", dns_kprobe ? "kprobes on udp_recvmsg and "
		"udpv6_recvmsg" : "the recvfrom and recvmsg syscall tracepoints (no kprobes)");
	if (!(dns_cache = tb_dns_cache_new(TB_DNS_CACHE_MAX, TB_DNS_CACHE_TTL_S * 1000000000ULL))) {
		tb_error("failed to allocate the DNS cache: %s", strerror(ENOMEM));
		return -1;
	}
	return tb_cflags_add(cf, dns_kprobe ? "-DDNS_KPROBE" : "-DDNS_SYSCALLS");
}

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
	if (env.dns && choose_dns(cf))
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
/* -d: IPv6's receive may be a module not loaded */
static const struct tb_probe dns_probes[] = {
	{ TB_KPROBE, "udp_recvmsg", "on_udp_recvmsg", .when = &dns_kprobe },
	{ TB_KRETPROBE, "udp_recvmsg", "on_udp_recvmsg_return", .when = &dns_kprobe },
	{ TB_KPROBE, "udpv6_recvmsg", "on_udp_recvmsg", TB_PROBE_OPTIONAL, &dns_kprobe },
	{ TB_KRETPROBE, "udpv6_recvmsg", "on_udp_recvmsg_return", TB_PROBE_OPTIONAL, &dns_kprobe },
	{ TB_TRACEPOINT, "syscalls:sys_enter_recvfrom", .when = &dns_syscalls },
	{ TB_TRACEPOINT, "syscalls:sys_exit_recvfrom", .when = &dns_syscalls },
	{ TB_TRACEPOINT, "syscalls:sys_enter_recvmsg", .when = &dns_syscalls },
	{ TB_TRACEPOINT, "syscalls:sys_exit_recvmsg", .when = &dns_syscalls },
	{ TB_PROBE_END },
};

/* -d: the replies' buffer opens before anything attaches, as the connects' does */
static int setup(struct tb_prog *prog)
{
	return env.dns ? tb_perfbuf_open(prog, "dns_events", handle_dns, NULL) : 0;
}

static int attach(struct tb_prog *prog)
{
	return env.dns ? tb_probes_attach(prog, dns_probes) : 0;
}

static void finish(struct tb_prog *prog)
{
	print_counts(prog);
	if (env.dns)
		tb_info("DNS: %llu replies read, %llu not parsed as one, %u addresses named",
			(unsigned long long)dns_replies, (unsigned long long)dns_unparsed,
			tb_dns_cache_count(dns_cache));
}

static void cleanup(void)
{
	tb_dns_cache_free(dns_cache);
	dns_cache = NULL;
}

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
	.setup = setup,
	.attach = attach,
	.finish = finish,
	.cleanup = cleanup,
};
TB_TOOL_MAIN(tcpconnect, tool)
