/* tcpconnlat: trace TCP active connections and their handshake latency, as BCC's tcpconnlat. */
#include <argp.h>
#include <errno.h>
#include <linux/types.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "tracebox.h"
#include "tcpconnlat.h"

_Static_assert(sizeof(struct tcpconnlat_event) == 64 + TB_TCPCONNLAT_COMM_LEN,
	       "struct tcpconnlat_event must have the same layout on both sides");

TB_BPF_SOURCE_DECLARE(tcpconnlat);

#define TB_TCPCONNLAT_MAX_MS 3600000.0 /* an hour: no handshake is slower */

static struct env {
	bool timestamp;     /* -t */
	long pid;           /* -p, -1 = all */
	bool lport;         /* -L */
	int family;         /* -4/-6: AF_INET/AF_INET6, 0 = both */
	long min_us;        /* [min_ms] as whole microseconds, as BCC rounds it; 0 = all */
	enum tb_attach_method method; /* --attach */
} env = { .pid = -1 };

const char *argp_program_version = "tcpconnlat (tracebox) 0.1";
static const char args_doc[] = "[min_ms]";
static const char doc[] =
	"Trace TCP connects and show connection latency.\n"
	"\n"
	"min_ms: only show connections whose latency is at least this many milliseconds.\n"
	"\n"
	"EXAMPLES:\n"
	"    tcpconnlat           # trace all TCP connect()s\n"
	"    tcpconnlat 1         # trace connection latency slower than 1 ms\n"
	"    tcpconnlat 0.1       # trace connection latency slower than 100 us\n"
	"    tcpconnlat -t        # include timestamps\n"
	"    tcpconnlat -p 181    # only trace PID 181\n"
	"    tcpconnlat -L        # include LPORT while printing outputs\n"
	"    tcpconnlat -4        # trace IPv4 family only\n"
	"    tcpconnlat -6        # trace IPv6 family only\n"
	"    tcpconnlat -v        # say which attach method was chosen (not BCC's -v: use --dump-bpf)";

enum { OPT_ATTACH = 0x100 };

static const struct argp_option options[] = {
	{ "timestamp", 't', NULL, 0, "Include timestamp on output", 0 },
	{ "pid", 'p', "PID", 0, "Trace this PID only", 0 },
	{ "lport", 'L', NULL, 0, "Include LPORT on output", 0 },
	{ "ipv4", '4', NULL, 0, "Trace IPv4 family only", 0 },
	{ "ipv6", '6', NULL, 0, "Trace IPv6 family only", 0 },
	{ "attach", OPT_ATTACH, "METHOD", 0, "auto (default), fentry, kprobe or tracepoint: force "
					  "an attach method", 0 },
	{ 0 },
};

static int parse_min_ms(const char *s, long *us)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (!*s || *end || errno || !(v >= 0) || v > TB_TCPCONNLAT_MAX_MS) {
		tb_error("invalid minimum latency '%s': expected milliseconds from 0 to %.0f", s,
			 TB_TCPCONNLAT_MAX_MS);
		return -1;
	}
	*us = (long)(v * 1000); /* BCC: int(duration_ms * 1000) */
	return 0;
}

static error_t parse_opt(int key, char *arg, struct argp_state *state)
{
	int err = 0;

	switch (key) {
	case 't': env.timestamp = true; break;
	case 'p': err = tb_parse_pid(arg, "PID", &env.pid); break;
	case 'L': env.lport = true; break;
	case '4':
	case '6': err = tb_parse_family_flag(key, &env.family); break;
	case OPT_ATTACH:
		err = tb_parse_attach_method(arg, 0 /* all */, &env.method);
		break;
	case ARGP_KEY_ARG:
		if (state->arg_num > 0) {
			tb_error("unexpected argument '%s'", arg);
			err = -1;
		} else {
			err = parse_min_ms(arg, &env.min_us);
		}
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	if (err)
		tb_argp_fail(state);
	return 0;
}

static const struct argp argp = { options, parse_opt, args_doc, doc, tb_common_children, NULL, NULL };

/* BCC: "%-6d %-12.12s %-2d %-16s %-16s %-5d %.2f", with -L "%-6d" LPORT after SADDR */
static const struct tb_column lport_columns[] = {
	{ "PID", NULL, 6, TB_LEFT },
	{ "COMM", NULL, 12, TB_LEFT },
	{ "IP", NULL, 2, TB_LEFT },
	{ "SADDR", NULL, 16, TB_LEFT },
	{ "LPORT", NULL, 6, TB_LEFT },
	{ "DADDR", NULL, 16, TB_LEFT },
	{ "DPORT", NULL, 5, TB_LEFT },
	{ "LAT(ms)", "lat_ms", 0, TB_LEFT },
};
static const struct tb_column plain_columns[] = {
	{ "PID", NULL, 6, TB_LEFT },
	{ "COMM", NULL, 12, TB_LEFT },
	{ "IP", NULL, 2, TB_LEFT },
	{ "SADDR", NULL, 16, TB_LEFT },
	{ "DADDR", NULL, 16, TB_LEFT },
	{ "DPORT", NULL, 5, TB_LEFT },
	{ "LAT(ms)", "lat_ms", 0, TB_LEFT },
};

static const struct tb_column *columns(int *n, enum tb_time_mode *time)
{
	*n = env.lport ? 8 : 7;
	/* text prints BCC's TIME(s) itself (print_time_header) */
	*time = env.timestamp && tb_common.json ? TB_TIME_RELATIVE : TB_TIME_NONE;
	return env.lport ? lport_columns : plain_columns;
}

static void print_time_header(void)
{
	if (env.timestamp && !tb_common.json)
		printf("%-9s", "TIME(s)");
}

static struct tb_output out;
static uint64_t first_ts; /* -t: BCC counts from the first event */

static void handle_event(void *ctx, int cpu, const void *data, unsigned int size)
{
	const struct tcpconnlat_event *e = data;
	char comm[TB_TCPCONNLAT_COMM_LEN + 1], saddr[TB_ADDR_STRLEN], daddr[TB_ADDR_STRLEN];

	/* BCC's %-12.12s; JSON keeps the whole name */
	snprintf(comm, sizeof(comm), "%.*s", tb_common.json ? TB_TCPCONNLAT_COMM_LEN : 12, e->comm);
	tb_addr_str(e->family, e->saddr, saddr, sizeof(saddr));
	tb_addr_str(e->family, e->daddr, daddr, sizeof(daddr));
	/* BCC's "%-9.3f" TIME(s), with no separator after it, in text mode */
	if (env.timestamp && !tb_common.json)
		printf("%-9.3f", tb_seconds_since_first(&first_ts, e->ts_ns));
	tb_output_begin(&out, e->ts_ns);
	tb_output_uint(&out, e->pid);
	tb_output_str(&out, comm);
	tb_output_uint(&out, e->family == AF_INET6 ? 6 : 4);
	tb_output_str(&out, saddr);
	if (env.lport)
		tb_output_uint(&out, e->lport);
	tb_output_str(&out, daddr);
	tb_output_uint(&out, e->dport);
	tb_output_double(&out, (double)(e->delta_ns / 1000) / 1000, 2); /* BCC: whole us / 1000 */
	tb_output_end(&out);
}

static int build_cflags(struct tb_cflags *cf)
{
	if (env.pid >= 0 && tb_cflags_add(cf, "-DTARG_PID=%ld", env.pid))
		return -1;
	if (env.family && tb_cflags_add(cf, "-DTARG_FAMILY=%d", env.family))
		return -1;
	if (env.min_us && tb_cflags_add(cf, "-DMIN_LAT_NS=%lldull", (long long)env.min_us * 1000))
		return -1;
	return 0;
}

/* Which connect functions -4/-6 leave in */
static bool v4, v6, v6_only, v6_if_loaded;

static int prepare(struct tb_cflags *cf)
{
	v4 = env.family != AF_INET6;
	v6 = env.family != AF_INET;
	v6_only = env.family == AF_INET6;
	v6_if_loaded = !env.family;
	return build_cflags(cf);
}

/* fentry where BPF trampolines load, else BCC's kprobes, else the state-change tracepoint
 * (which needs neither). */
static const struct tb_attach_target target = {
	.kfns = { "tcp_rcv_state_process", "tcp_v4_connect" },
	.tp = "sock:inet_sock_set_state", .purpose = "TCP connects",
	.fn_desc = "tcp_v4/v6_connect to tcp_rcv_state_process",
	.tp_desc = "sock:inet_sock_set_state, SYN_SENT to ESTABLISHED",
};
static const struct tb_probe fentry[] = {
	{ TB_KFUNC, NULL, "kfunc__tcp_v4_connect", .when = &v4 },
	{ TB_KFUNC, NULL, "kfunc__tcp_v6_connect", .when = &v6 },
	{ TB_KFUNC, NULL, "kfunc__tcp_rcv_state_process" },
	{ TB_PROBE_END },
};
static const struct tb_probe kprobe[] = {
	{ TB_KPROBE, "tcp_v4_connect", "on_tcp_v4_connect", .when = &v4 },
	/* IPv6 may be a module that is not loaded: IPv4 alone still works, unless -6 */
	{ TB_KPROBE, "tcp_v6_connect", "on_tcp_v6_connect", TB_PROBE_OPTIONAL, &v6_if_loaded },
	{ TB_KPROBE, "tcp_v6_connect", "on_tcp_v6_connect", .when = &v6_only },
	{ TB_KPROBE, "tcp_rcv_state_process", "on_tcp_rcv_state_process" },
	{ TB_PROBE_END },
};
static const struct tb_probe tracepoint[] = {
	{ TB_TRACEPOINT, "sock:inet_sock_set_state" }, { TB_PROBE_END } };

static const struct tb_tool tool = {
	TB_TOOL_SOURCE(tcpconnlat),
	.argp = &argp,
	.choice = &target,
	.method = &env.method,
	.method_probes = { [TB_ATTACH_FENTRY] = fentry, [TB_ATTACH_KPROBE] = kprobe,
			   [TB_ATTACH_TRACEPOINT] = tracepoint },
	.prepare = prepare,
	.events = "events",
	.on_event = handle_event,
	.event_size = sizeof(struct tcpconnlat_event),
	.out = &out,
	.columns = columns,
	.before_header = print_time_header,
};
TB_TOOL_MAIN(tcpconnlat, tool)
