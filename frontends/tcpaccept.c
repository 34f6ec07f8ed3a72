/* tcpaccept: trace TCP connections accepted (accept()), as BCC's tcpaccept. */
#include <argp.h>
#include <linux/types.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include "tracebox.h"
#include "tcpaccept.h"

_Static_assert(sizeof(struct tcpaccept_event) == 56 + TB_TCPACCEPT_COMM_LEN,
	       "struct tcpaccept_event must have the same layout on both sides");

TB_BPF_SOURCE_DECLARE(tcpaccept);

/* the variants programs/tcpaccept.bpf.c has */
#define TCPACCEPT_METHODS (TB_ATTACH_BIT(TB_ATTACH_KPROBE) | TB_ATTACH_BIT(TB_ATTACH_TRACEPOINT))

static struct env {
	bool clock;         /* -T */
	bool timestamp;     /* -t */
	long pid;           /* -p, -1 = all */
	int family;         /* -4/-6: AF_INET/AF_INET6, 0 = both */
	uint16_t lports[TB_MAX_PORTS];
	int nlports;        /* -P */
	enum tb_attach_method method; /* --attach */
} env = { .pid = -1 };

const char *argp_program_version = "tcpaccept (tracebox) 0.1";
static const char doc[] =
	"Trace TCP accepts.\n"
	"\n"
	"EXAMPLES:\n"
	"    tcpaccept           # trace all TCP accept()s\n"
	"    tcpaccept -t        # include timestamps\n"
	"    tcpaccept -P 80,81  # only trace port 80 and 81\n"
	"    tcpaccept -p 181    # only trace PID 181\n"
	"    tcpaccept --cgroupmap mappath  # only trace cgroups in this BPF map\n"
	"    tcpaccept --mntnsmap mappath   # only trace mount namespaces in the map\n"
	"    tcpaccept -4        # trace IPv4 family\n"
	"    tcpaccept -6        # trace IPv6 family\n"
	"    tcpaccept --json    # one JSON object per accept";

enum { OPT_ATTACH = 0x100 };

static const struct argp_option options[] = {
	{ "time", 'T', NULL, 0, "Include time column on output (HH:MM:SS)", 0 },
	{ "timestamp", 't', NULL, 0, "Include timestamp on output", 0 },
	{ "pid", 'p', "PID", 0, "Trace this PID only", 0 },
	{ "port", 'P', "PORTS", 0, "Comma-separated list of local ports to trace", 0 },
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
	case 'T': env.clock = true; break;
	case 't': env.timestamp = true; break;
	case 'p': err = tb_parse_pid(arg, "PID", &env.pid); break;
	case 'P':
		env.nlports = tb_parse_ports(arg, "port list", env.lports, TB_MAX_PORTS);
		err = env.nlports < 0;
		break;
	case '4':
	case '6': err = tb_parse_family_flag(key, &env.family); break;
	case OPT_ATTACH:
		err = tb_parse_attach_method(arg, TCPACCEPT_METHODS, &env.method);
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	if (err)
		tb_argp_fail(state);
	return 0;
}

static const struct argp argp = { options, parse_opt, NULL, doc, tb_container_children, NULL, NULL };

/* BCC: "%-7d %-12.12s %-2d %-16s %-5d %-16s %-5d", after the "%-9s" TIME (-T) and "%-9.3f"
 * TIME(s) (-t) prefixes that text prints itself (no separator after them, as BCC) */
static const struct tb_column columns[] = {
	{ "PID", NULL, 7, TB_LEFT },
	{ "COMM", NULL, 12, TB_LEFT },
	{ "IP", NULL, 2, TB_LEFT },
	{ "RADDR", NULL, 16, TB_LEFT },
	{ "RPORT", NULL, 5, TB_LEFT },
	{ "LADDR", NULL, 16, TB_LEFT },
	{ "LPORT", NULL, 0, TB_LEFT },
};
static struct tb_output out;
static uint64_t first_ts; /* -t: BCC counts from the first event */

/* The header on fp, where the events go (text prefixes first) */
void tcpaccept_header(FILE *fp);
void tcpaccept_header(FILE *fp)
{
	/* JSON: one time key, -t's if both */
	enum tb_time_mode time = env.timestamp ? TB_TIME_RELATIVE :
				 env.clock ? TB_TIME_CLOCK : TB_TIME_NONE;

	tb_output_init(&out, fp, columns, 7, tb_common.json, tb_common.json ? time : TB_TIME_NONE);
	if (!tb_common.json) {
		if (env.clock)
			fprintf(fp, "%-9s", "TIME");
		if (env.timestamp)
			fprintf(fp, "%-9s", "TIME(s)");
	}
	tb_output_header(&out);
}

static void print_header(void)
{
	tcpaccept_header(stdout);
}

/* One event, on the stream tcpaccept_header opened */
void tcpaccept_print_event(const struct tcpaccept_event *e);
void tcpaccept_print_event(const struct tcpaccept_event *e)
{
	char comm[TB_TCPACCEPT_COMM_LEN + 1], laddr[TB_ADDR_STRLEN], raddr[TB_ADDR_STRLEN];

	/* BCC's %-12.12s; JSON keeps the whole name */
	snprintf(comm, sizeof(comm), "%.*s", tb_common.json ? TB_TCPACCEPT_COMM_LEN : 12, e->comm);
	tb_addr_str(e->family, e->laddr, laddr, sizeof(laddr));
	tb_addr_str(e->family, e->raddr, raddr, sizeof(raddr));
	if (!tb_common.json) {
		if (env.clock) {
			char hms[16] = "??:??:??";
			time_t now = time(NULL);
			struct tm tm;

			/* BCC prints the time of printing */
			if (localtime_r(&now, &tm))
				strftime(hms, sizeof(hms), "%H:%M:%S", &tm);
			fprintf(out.fp, "%-9s", hms);
		}
		if (env.timestamp)
			fprintf(out.fp, "%-9.3f", tb_seconds_since_first(&first_ts, e->ts_ns));
	}
	tb_output_begin(&out, e->ts_ns);
	tb_output_uint(&out, e->pid);
	tb_output_str(&out, comm);
	tb_output_uint(&out, e->family == AF_INET6 ? 6 : 4);
	tb_output_str(&out, raddr);
	tb_output_uint(&out, e->rport);
	tb_output_str(&out, laddr);
	tb_output_uint(&out, e->lport);
	tb_output_end(&out);
}

static void handle_event(void *ctx, int cpu, const void *data, unsigned int size)
{
	tcpaccept_print_event(data);
}

static int prepare(struct tb_cflags *cf)
{
	if (env.pid > 0 && tb_cflags_add(cf, "-DTARG_PID=%ld", env.pid))
		return -1;
	if (env.family && tb_cflags_add(cf, "-DTARG_FAMILY=%d", env.family))
		return -1;
	if (env.nlports && tb_cflags_add_ports(cf, "TARG_LPORTS", env.lports, env.nlports))
		return -1;
	return 0;
}

/* BCC's kretprobe where the kernel has kprobes; else accept()'s own tracepoints, whose new
 * descriptor leads to the same socket, in the accepting task (sock:inet_sock_set_state's
 * SYN_RECV -> ESTABLISHED comes before accept(), in whatever task the softirq ran) */
static const struct tb_attach_target target = {
	.kfns = { "inet_csk_accept" }, .tp = "syscalls:sys_exit_accept4",
	.methods = TCPACCEPT_METHODS, .purpose = "TCP accepts",
	.fn_desc = "inet_csk_accept's return",
	.tp_desc = "syscalls:sys_exit_accept4/sys_exit_accept, the socket from the new fd",
};
static const struct tb_probe kprobe[] = {
	{ TB_KRETPROBE, "inet_csk_accept", "on_accept_return" },
	{ TB_PROBE_END },
};
static const struct tb_probe tracepoint[] = {
	{ TB_TRACEPOINT, "syscalls:sys_exit_accept4" },
	{ TB_TRACEPOINT, "syscalls:sys_exit_accept", .flags = TB_PROBE_OPTIONAL },
	{ TB_PROBE_END },
};

static const struct tb_tool tool = {
	TB_TOOL_SOURCE(tcpaccept),
	.argp = &argp,
	.choice = &target,
	.method = &env.method,
	.method_probes = { [TB_ATTACH_KPROBE] = kprobe, [TB_ATTACH_TRACEPOINT] = tracepoint },
	.prepare = prepare,
	.events = "events",
	.on_event = handle_event,
	.event_size = sizeof(struct tcpaccept_event),
	.before_header = print_header,
};
TB_TOOL_MAIN(tcpaccept, tool)
