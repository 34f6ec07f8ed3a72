/* lsm-connect: deny (or, with --audit, only log) IPv4/IPv6 connects to given address prefixes
 * and ports with a BPF LSM program on socket_connect, and report every decision. */
#include <argp.h>
#include <arpa/inet.h>
#include <linux/types.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "tracebox.h"
#include "lsm-connect.h"

_Static_assert(sizeof(struct lsm_connect_event) == 40 + TB_LSM_CONNECT_COMM_LEN,
	       "struct lsm_connect_event must have the same layout on both sides");

TB_BPF_SOURCE_DECLARE(lsm_connect);

static struct env {
	enum tb_time_mode time_mode;
	bool audit;        /* --audit */
	bool matched_only; /* -m */
	bool print_uid;    /* -U */
	struct tb_addr_prefix addrs[TB_LSM_CONNECT_MAX_RULES]; /* -a */
	int naddrs;
	uint16_t ports[TB_LSM_CONNECT_MAX_RULES]; /* -P */
	int nports;
} env = { .time_mode = TB_TIME_CLOCK };

const char *argp_program_version = "lsm-connect (tracebox) 0.1";
static const char doc[] =
	"Deny IPv4/IPv6 connects to given addresses and ports with BPF LSM, and report each "
	"decision.\n"
	"\n"
	"A connect is denied (connect() fails with EPERM) when its destination matches: its "
	"address is in one of the -a prefixes (any address when no -a is given) and its port is "
	"one of the -P ports (any port when no -P is given). Needs a kernel with BTF and BPF LSM "
	"active (lsm=...,bpf on its command line). The rules hold while the tool runs.\n"
	"\n"
	"EXAMPLES:\n"
	"    lsm-connect -a 10.0.0.0/8            # deny connects to 10.x.x.x\n"
	"    lsm-connect -a 192.0.2.1 -P 22,23    # deny ports 22 and 23 of one host\n"
	"    lsm-connect -P 25                    # deny SMTP to anywhere\n"
	"    lsm-connect -a fd00::/8 -a ::1       # IPv6 prefixes (v4-mapped ::ffff:a.b.c.d\n"
	"                                         # destinations match IPv4 rules)\n"
	"    lsm-connect --audit -a 0.0.0.0/0     # deny nothing: log what would be denied\n"
	"    lsm-connect -m -P 443                # print only the connects a rule matched\n"
	"    lsm-connect --json -P 80             # one JSON object per decision";

enum { OPT_AUDIT = 0x100 };

static const struct argp_option options[] = {
	{ "addr", 'a', "ADDR[/PREFIX]", 0, "Deny destinations in this IPv4/IPv6 prefix "
					   "(repeat, or comma-separate, for more)", 0 },
	{ "port", 'P', "PORT[,PORT...]", 0, "Deny these destination ports (repeatable)", 0 },
	{ "audit", OPT_AUDIT, NULL, 0, "Deny nothing: report matches as AUDIT", 0 },
	{ "matched-only", 'm', NULL, 0, "Print only connects a rule matched", 0 },
	{ "print-uid", 'U', NULL, 0, "Print UID column", 0 },
	{ "time", 'T', NULL, 0, "Print time as HH:MM:SS (the default)", 0 },
	{ "timestamp", 't', NULL, 0, "Print seconds since start instead", 0 },
	{ 0 },
};

static int add_addrs(char *list)
{
	for (char *tok = list, *comma; tok; tok = comma ? comma + 1 : NULL) {
		comma = strchr(tok, ',');
		if (comma)
			*comma = 0;
		if (env.naddrs == TB_LSM_CONNECT_MAX_RULES) {
			tb_error("too many -a addresses: at most %d", TB_LSM_CONNECT_MAX_RULES);
			return -1;
		}
		/* an empty item ("10.0.0.1,") is refused here like any other bad address */
		if (tb_parse_addr_prefix(tok, "address", &env.addrs[env.naddrs]))
			return -1;
		env.naddrs++;
	}
	return 0;
}

static int add_ports(const char *list)
{
	uint16_t ports[TB_MAX_PORTS];
	int n = tb_parse_ports(list, "port", ports, TB_MAX_PORTS);

	if (n < 0)
		return -1;
	if (env.nports + n > TB_LSM_CONNECT_MAX_RULES) {
		tb_error("too many -P ports: at most %d", TB_LSM_CONNECT_MAX_RULES);
		return -1;
	}
	memcpy(env.ports + env.nports, ports, n * sizeof(ports[0]));
	env.nports += n;
	return 0;
}

static error_t parse_opt(int key, char *arg, struct argp_state *state)
{
	int err = 0;

	switch (key) {
	case 'a': err = add_addrs(arg); break;
	case 'P': err = add_ports(arg); break;
	case OPT_AUDIT: env.audit = true; break;
	case 'm': env.matched_only = true; break;
	case 'U': env.print_uid = true; break;
	case 'T': env.time_mode = TB_TIME_CLOCK; break;
	case 't': env.time_mode = TB_TIME_RELATIVE; break;
	case ARGP_KEY_END:
		if (!env.naddrs && !env.nports && !tb_common.dump_bpf) {
			tb_error("no rule: give -a ADDR[/PREFIX] and/or -P PORT (with --audit to "
				 "deny nothing)");
			err = -1;
		}
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	if (err)
		tb_argp_fail(state);
	return 0;
}

static const struct argp argp = { options, parse_opt, NULL, doc, tb_common_children, NULL, NULL };

static const char *const verdict_names[LSM_CONNECT_NVERDICTS] = {
	[LSM_CONNECT_ALLOW] = "ALLOW", [LSM_CONNECT_DENY] = "DENY", [LSM_CONNECT_AUDIT] = "AUDIT",
};

static const char *sock_type_name(unsigned int type, char *buf, size_t len)
{
	switch (type) {
	case SOCK_STREAM: return "STREAM";
	case SOCK_DGRAM: return "DGRAM";
	case SOCK_RAW: return "RAW";
	case SOCK_SEQPACKET: return "SEQPACKET";
	default: snprintf(buf, len, "%u", type); return buf;
	}
}

static const struct tb_column uid_columns[] = {
	{ "UID", NULL, 6, TB_LEFT },
	{ "PID", NULL, 7, TB_LEFT },
	{ "COMM", NULL, 16, TB_LEFT },
	{ "IP", NULL, 2, TB_LEFT },
	{ "TYPE", NULL, 6, TB_LEFT },
	{ "DADDR", NULL, 26, TB_LEFT },
	{ "DPORT", NULL, 5, TB_RIGHT },
	{ "VERDICT", NULL, 0, TB_LEFT },
};
#define NCOLUMNS (int)(sizeof(uid_columns) / sizeof(uid_columns[0]))
static const struct tb_column *columns(int *n, enum tb_time_mode *time)
{
	*n = env.print_uid ? NCOLUMNS : NCOLUMNS - 1;
	*time = env.time_mode;
	return env.print_uid ? uid_columns : uid_columns + 1; /* without -U: minus the first */
}

static struct tb_output out;

static void handle_event(void *ctx, int cpu, const void *data, unsigned int size)
{
	const struct lsm_connect_event *e = data;
	char comm[TB_LSM_CONNECT_COMM_LEN + 1], addr[TB_ADDR_STRLEN], type[12];

	snprintf(comm, sizeof(comm), "%.*s", TB_LSM_CONNECT_COMM_LEN, e->comm);
	tb_output_begin(&out, e->ts_ns);
	if (env.print_uid)
		tb_output_uint(&out, e->uid);
	tb_output_uint(&out, e->pid);
	tb_output_str(&out, comm);
	tb_output_uint(&out, e->family == AF_INET6 ? 6 : 4);
	tb_output_str(&out, sock_type_name(e->type, type, sizeof(type)));
	tb_output_str(&out, tb_addr_str(e->family, e->daddr, addr, sizeof(addr)));
	tb_output_uint(&out, e->dport);
	tb_output_str(&out, e->verdict < LSM_CONNECT_NVERDICTS ? verdict_names[e->verdict] : "?");
	tb_output_end(&out);
}

/* The rules go into the maps before the hook is attached: no connect sees half of them. */
static int load_rules(struct tb_prog *prog)
{
	struct lsm_connect_settings set = {
		.audit = env.audit, .by_addr = env.naddrs > 0, .by_port = env.nports > 0,
		.matched_only = env.matched_only,
	};
	int fd4 = tb_table_fd(prog, "addr4"), fd6 = tb_table_fd(prog, "addr6");
	int fdp = tb_table_fd(prog, "ports"), fds = tb_table_fd(prog, "settings");
	uint32_t zero = 0;
	uint8_t one = 1;
	int err = 0;

	if (fd4 < 0 || fd6 < 0 || fdp < 0 || fds < 0)
		return -1;
	for (int i = 0; !err && i < env.naddrs; i++) {
		const struct tb_addr_prefix *a = &env.addrs[i];
		struct lsm_connect_key4 k4 = { .prefixlen = a->prefix_len };
		struct lsm_connect_key6 k6 = { .prefixlen = a->prefix_len };

		memcpy(k4.addr, a->bytes, sizeof(k4.addr));
		memcpy(k6.addr, a->bytes, sizeof(k6.addr));
		err = a->family == AF_INET ? tb_map_update(fd4, &k4, &one, 0)
					   : tb_map_update(fd6, &k6, &one, 0);
	}
	for (int i = 0; !err && i < env.nports; i++)
		err = tb_map_update(fdp, &env.ports[i], &one, 0);
	if (!err)
		err = tb_map_update(fds, &zero, &set, 0);
	if (err)
		tb_error("failed to load the rules into the BPF maps: %s", strerror(-err));
	return err;
}

/* Decisions counted in the kernel: complete even when the perf buffer dropped events. */
static void print_totals(struct tb_prog *prog)
{
	uint64_t n[LSM_CONNECT_NVERDICTS] = { 0 };
	int fd = tb_table_fd(prog, "verdicts");

	for (uint32_t v = 0; fd >= 0 && v < LSM_CONNECT_NVERDICTS; v++)
		if (tb_map_sum_percpu_u64(fd, &v, &n[v]))
			return;
	fprintf(stderr, "lsm-connect: %llu connects: %llu allowed, %llu denied, %llu audited\n",
		(unsigned long long)(n[0] + n[1] + n[2]), (unsigned long long)n[LSM_CONNECT_ALLOW],
		(unsigned long long)n[LSM_CONNECT_DENY], (unsigned long long)n[LSM_CONNECT_AUDIT]);
}

/* before compiling: a second of clang is wasted where the hook cannot be attached */
static int prepare(struct tb_cflags *cf)
{
	return tb_lsm_require("socket_connect") ? -1 : 0;
}

static const struct tb_probe probes[] = {
	{ TB_LSM, NULL, "lsm__socket_connect" }, { TB_PROBE_END } };

static const struct tb_tool tool = {
	TB_TOOL_SOURCE(lsm_connect),
	.argp = &argp,
	.prepare = prepare,
	.setup = load_rules, /* the rules first: no connect sees half of them */
	.probes = probes,
	.events = "events",
	.on_event = handle_event,
	.event_size = sizeof(struct lsm_connect_event),
	.out = &out,
	.columns = columns,
	.finish = print_totals,
};
TB_TOOL_MAIN(lsm_connect, tool)
