/* solisten: trace TCP listen()s, as BCC's solisten. */
#include <argp.h>
#include <linux/types.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "tracebox.h"
#include "solisten.h"

_Static_assert(sizeof(struct solisten_event) == 48 + TB_SOLISTEN_COMM_LEN,
	       "struct solisten_event must have the same layout on both sides");
_Static_assert(sizeof(struct solisten_start) == 16,
	       "struct solisten_start must have the same layout on both sides");

TB_BPF_SOURCE_DECLARE(solisten);

/* the variants programs/solisten.bpf.c has */
#define SOLISTEN_METHODS (TB_ATTACH_BIT(TB_ATTACH_KPROBE) | TB_ATTACH_BIT(TB_ATTACH_TRACEPOINT))

static struct env {
	long pid;          /* -p, -1 = all */
	long netns;        /* -n, -1 = all */
	bool show_netns;   /* --show-netns */
	enum tb_attach_method method; /* --attach */
} env = { .pid = -1, .netns = -1 };

const char *argp_program_version = "solisten (tracebox) 0.1";
static const char doc[] =
	"Stream sockets listen: trace TCP listen()s, IPv4 and IPv6.\n"
	"\n"
	"EXAMPLES:\n"
	"    solisten              # Stream socket listen\n"
	"    solisten -p 1234      # Stream socket listen for specified PID only\n"
	"    solisten --netns 4242 # \" for the specified network namespace ID only\n"
	"    solisten --show-netns # Show network ns ID (useful for containers)\n"
	"    solisten --json       # one JSON object per listen";

enum { OPT_SHOW_NETNS = 0x100, OPT_ATTACH };

static const struct argp_option options[] = {
	{ "show-netns", OPT_SHOW_NETNS, NULL, 0, "Show network namespace", 0 },
	{ "pid", 'p', "PID", 0, "Trace this PID only", 0 },
	{ "netns", 'n', "NETNS", 0, "Trace this Network Namespace only (its inode number)", 0 },
	{ "attach", OPT_ATTACH, "METHOD", 0, "auto (default), kprobe or tracepoint: force an attach "
					  "method", 0 },
	{ 0 },
};

static error_t parse_opt(int key, char *arg, struct argp_state *state)
{
	int err = 0;

	switch (key) {
	case OPT_SHOW_NETNS: env.show_netns = true; break;
	case 'p': err = tb_parse_pid(arg, "PID", &env.pid); break;
	case 'n': err = tb_parse_long(arg, 1, 0xffffffffL, "network namespace", &env.netns); break;
	case OPT_ATTACH:
		err = tb_parse_attach_method(arg, SOLISTEN_METHODS, &env.method);
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	if (err)
		tb_argp_fail(state);
	return 0;
}

static const struct argp argp = { options, parse_opt, NULL, doc, tb_common_children, NULL, NULL };

/* BCC: "%-6d %-12.12s [%-12s] %-6s %-8s %-5s %-39s" */
static const struct tb_column netns_columns[] = {
	{ "PID", NULL, 6, TB_LEFT },
	{ "COMM", NULL, 12, TB_LEFT },
	{ "NETNS", NULL, 12, TB_LEFT },
	{ "PROTO", NULL, 6, TB_LEFT },
	{ "BACKLOG", NULL, 8, TB_LEFT },
	{ "PORT", NULL, 5, TB_LEFT },
	{ "ADDR", NULL, 0, TB_LEFT },
};
static struct tb_column plain_columns[6];

static const struct tb_column *columns(int *n, enum tb_time_mode *time)
{
	*time = TB_TIME_NONE;
	if (env.show_netns) {
		*n = 7;
		return netns_columns;
	}
	/* without --show-netns: the same minus NETNS */
	memcpy(plain_columns, netns_columns, 2 * sizeof(plain_columns[0]));
	memcpy(plain_columns + 2, netns_columns + 3, 4 * sizeof(plain_columns[0]));
	*n = 6;
	return plain_columns;
}

static struct tb_output out;

void solisten_print_event(const struct solisten_event *e);
void solisten_print_event(const struct solisten_event *e)
{
	char comm[TB_SOLISTEN_COMM_LEN + 1], addr[TB_ADDR_STRLEN];

	/* BCC's %-12.12s; JSON keeps the whole name */
	snprintf(comm, sizeof(comm), "%.*s", tb_common.json ? TB_SOLISTEN_COMM_LEN : 12, e->comm);
	tb_addr_str(e->family, e->addr, addr, sizeof(addr));
	tb_output_begin(&out, e->ts_ns);
	tb_output_uint(&out, e->pid);
	tb_output_str(&out, comm);
	if (env.show_netns)
		tb_output_uint(&out, e->netns);
	tb_output_str(&out, e->family == AF_INET6 ? "TCPv6" : "TCPv4");
	tb_output_int(&out, e->backlog);
	tb_output_uint(&out, e->port);
	tb_output_str(&out, addr);
	tb_output_end(&out);
}

static void handle_event(void *ctx, int cpu, const void *data, unsigned int size)
{
	solisten_print_event(data);
}

static int prepare(struct tb_cflags *cf)
{
	if (env.pid > 0 && tb_cflags_add(cf, "-DTARG_PID=%ld", env.pid))
		return -1;
	if (env.netns > 0 && tb_cflags_add(cf, "-DTARG_NETNS=%ldU", env.netns))
		return -1;
	return 0;
}

/* BCC's kprobe (with its return) where the kernel has kprobes, else the listen syscall's
 * tracepoints, which every kernel here has */
static const struct tb_attach_target target = {
	.kfns = { "inet_listen" }, .tp = "syscalls:sys_enter_listen",
	.methods = SOLISTEN_METHODS, .purpose = "listens",
	.fn_desc = "inet_listen and its return",
	.tp_desc = "syscalls:sys_enter_listen/sys_exit_listen, the socket from the fd",
};
static const struct tb_probe kprobe[] = {
	{ TB_KPROBE, "inet_listen", "on_listen_entry" },
	{ TB_KRETPROBE, "inet_listen", "on_listen_return" },
	{ TB_PROBE_END },
};
static const struct tb_probe tracepoint[] = {
	{ TB_TRACEPOINT, "syscalls:sys_enter_listen" },
	{ TB_TRACEPOINT, "syscalls:sys_exit_listen" },
	{ TB_PROBE_END },
};

static const struct tb_tool tool = {
	TB_TOOL_SOURCE(solisten),
	.argp = &argp,
	.choice = &target,
	.method = &env.method,
	.method_probes = { [TB_ATTACH_KPROBE] = kprobe, [TB_ATTACH_TRACEPOINT] = tracepoint },
	.prepare = prepare,
	.events = "events",
	.on_event = handle_event,
	.event_size = sizeof(struct solisten_event),
	.out = &out,
	.columns = columns,
};
TB_TOOL_MAIN(solisten, tool)
