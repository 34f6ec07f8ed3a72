/* tcprtt: summarize the smoothed RTT of TCP sockets as a histogram, as BCC's tcprtt. */
#include <arpa/inet.h>
#include <argp.h>
#include <errno.h>
#include <linux/types.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "tracebox.h"
#include "tcprtt.h"

_Static_assert(sizeof(struct tcprtt_key) == 32, "struct tcprtt_key must match the BPF side");
_Static_assert(sizeof(struct tcprtt_section) == 24,
	       "struct tcprtt_section must match the BPF side");

TB_BPF_SOURCE_DECLARE(tcprtt);

#define TB_TCPRTT_MAX_SECONDS 99999999L

static struct env {
	long interval_s;   /* -i, 0 = none */
	long duration_s;   /* -d, 0 = none */
	bool timestamp;    /* -T */
	bool milliseconds; /* -m */
	uint16_t lports[TB_MAX_PORTS], rports[TB_MAX_PORTS]; /* -p, -P */
	int nlports, nrports;
	struct tb_addr_prefix laddr, raddr; /* -a, -A; family 0 = no filter */
	int section;       /* -b, -B: TB_TCPRTT_* */
	bool extension;    /* -e */
	int family;        /* -4/-6: AF_INET/AF_INET6, 0 = both */
	enum tb_attach_method method; /* --attach */
} env;

static int print_dist(void *ctx, FILE *fp, time_t now);
static int metrics(void *ctx, FILE *fp);
/* one summary at Ctrl-C, or every -i, until -d */
static struct tb_interval_opts interval = { .print = print_dist, .metrics = metrics };

const char *argp_program_version = "tcprtt (tracebox) 0.1";
static const char doc[] =
	"Summarize TCP RTT as a histogram.\n"
	"\n"
	"USAGE: tcprtt [-h] [-i INTERVAL] [-d DURATION] [-T] [-m] [-p LPORT] [-P RPORT]\n"
	"              [-a LADDR] [-A RADDR] [-b] [-B] [-e] [-4 | -6]\n"
	"\n"
	"EXAMPLES:\n"
	"    tcprtt             # summarize TCP RTT\n"
	"    tcprtt -i 1 -d 10  # print 1 second summaries, 10 times\n"
	"    tcprtt -m -T       # summarize in millisecond, and timestamps\n"
	"    tcprtt -p 80       # filter for local port (a list: -p 80,443)\n"
	"    tcprtt -P 80       # filter for remote port\n"
	"    tcprtt -a 10.0.0.1 # filter for local address\n"
	"    tcprtt -A 10.0.0.1 # filter for remote address\n"
	"    tcprtt -b          # show sockets histogram by local address\n"
	"    tcprtt -B          # show sockets histogram by remote address\n"
	"    tcprtt -e          # show extension summary (average)\n"
	"    tcprtt -4          # trace only IPv4 family\n"
	"    tcprtt -6          # trace only IPv6 family\n"
	"    tcprtt -v          # say which attach method was chosen\n"
	"    tcprtt -D          # print the BPF program (as --dump-bpf)\n"
	"    tcprtt -b --prometheus :9103  # serve per-local-address histograms to Prometheus";

enum { OPT_ATTACH = 0x100 };

static const struct argp_option options[] = {
	{ "interval", 'i', "INTERVAL", 0, "Summary interval, seconds", 0 },
	{ "duration", 'd', "DURATION", 0, "Total duration of trace, seconds", 0 },
	{ "timestamp", 'T', NULL, 0, "Include timestamp on output", 0 },
	{ "debug", 'D', NULL, 0, "Print the BPF program and exit (as --dump-bpf)", 0 },
	{ "milliseconds", 'm', NULL, 0, "Millisecond histogram", 0 },
	{ "lport", 'p', "LPORT", 0, "Filter for local port(s), comma-separated", 0 },
	{ "rport", 'P', "RPORT", 0, "Filter for remote port(s), comma-separated", 0 },
	{ "laddr", 'a', "LADDR", 0, "Filter for local address (IPv4 or IPv6)", 0 },
	{ "raddr", 'A', "RADDR", 0, "Filter for remote address (IPv4 or IPv6)", 0 },
	{ "byladdr", 'b', NULL, 0, "Show sockets histogram by local address", 0 },
	{ "byraddr", 'B', NULL, 0, "Show sockets histogram by remote address", 0 },
	{ "extension", 'e', NULL, 0, "Show extension summary (average)", 0 },
	{ "ipv4", '4', NULL, 0, "Trace IPv4 family only", 0 },
	{ "ipv6", '6', NULL, 0, "Trace IPv6 family only", 0 },
	{ "attach", OPT_ATTACH, "METHOD", 0, "auto (default), fentry, kprobe or tracepoint: force "
					  "an attach method", 0 },
	{ 0 },
};

static error_t parse_opt(int key, char *arg, struct argp_state *state)
{
	int err = 0;

	switch (key) {
	case 'i': err = tb_parse_long(arg, 1, TB_TCPRTT_MAX_SECONDS, "interval", &env.interval_s); break;
	case 'd': err = tb_parse_long(arg, 1, TB_TCPRTT_MAX_SECONDS, "duration", &env.duration_s); break;
	case 'D': tb_common.dump_bpf = true; break;
	case 'T': env.timestamp = true; break;
	case 'm': env.milliseconds = true; break;
	case 'p':
		env.nlports = tb_parse_ports(arg, "local port", env.lports, TB_MAX_PORTS);
		err = env.nlports < 0;
		break;
	case 'P':
		env.nrports = tb_parse_ports(arg, "remote port", env.rports, TB_MAX_PORTS);
		err = env.nrports < 0;
		break;
	case 'a': err = tb_parse_addr(arg, "local address", &env.laddr); break;
	case 'A': err = tb_parse_addr(arg, "remote address", &env.raddr); break;
	case 'b':
	case 'B':
		if (env.section) {
			tb_error("invalid options: -b and -B exclude each other");
			err = -1;
		}
		env.section = key == 'b' ? TB_TCPRTT_LADDR : TB_TCPRTT_RADDR;
		break;
	case 'e': env.extension = true; break;
	case '4':
	case '6': err = tb_parse_family_flag(key, &env.family); break;
	case OPT_ATTACH:
		err = tb_parse_attach_method(arg, 0 /* all */, &env.method);
		break;
	case ARGP_KEY_END:
		/* an address of the other family than -4/-6 would filter everything out */
		if ((env.laddr.family && env.family && env.laddr.family != env.family) ||
		    (env.raddr.family && env.family && env.raddr.family != env.family)) {
			tb_error("invalid options: -a/-A address of another family than -%c",
				 env.family == AF_INET ? '4' : '6');
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

static const struct argp argp = { options, parse_opt, NULL, doc, tb_prometheus_children, NULL, NULL };

/* BCC: without -i the interval is the duration (one summary at its end or at Ctrl-C); with
 * both, summaries every interval until the duration is reached. */
static void interval_and_count(long *interval_ms, long *count)
{
	long iv = env.interval_s ? env.interval_s : env.duration_s;

	*interval_ms = iv * 1000;
	*count = env.duration_s ? (env.duration_s + iv - 1) / iv : 0;
}

static int ext_fd = -1; /* -e: the "ext" table */

static bool ext_lookup(const struct tcprtt_section *sec, struct tcprtt_ext *e)
{
	return ext_fd >= 0 && !tb_map_lookup(ext_fd, sec, e) && e->count;
}

/* "127.0.0.1", with -e " [AVG 41]" after it as libbpf-tools prints it; JSON: the address, or
 * with -e {"addr":..,"avg":..,"total":..,"count":..}. */
static void addr_label(const void *section, size_t size, struct tb_hist_label *l, void *ctx)
{
	struct tcprtt_section sec = { 0 };
	char addr[TB_ADDR_STRLEN];
	struct tcprtt_ext e;
	bool have_ext;

	memcpy(&sec, section, size < sizeof(sec) ? size : sizeof(sec));
	tb_addr_str(sec.family, sec.addr, addr, sizeof(addr));
	have_ext = ext_lookup(&sec, &e);
	if (have_ext) {
		snprintf(l->text, sizeof(l->text), "%s [AVG %llu]", addr,
			 (unsigned long long)(e.total / e.count));
		snprintf(l->json, sizeof(l->json),
			 "{\"addr\":\"%s\",\"avg\":%llu,\"total\":%llu,\"count\":%llu}", addr,
			 (unsigned long long)(e.total / e.count), (unsigned long long)e.total,
			 (unsigned long long)e.count);
	} else {
		snprintf(l->text, sizeof(l->text), "%s", addr);
		snprintf(l->json, sizeof(l->json), "\"%s\"", addr);
	}
}

/* --json -e without sections: the summary's object with "avg", "total" and "count" added at
 * its end (the histogram layer writes the object; it ends in "}\n"). */
static int json_with_ext(struct tb_prog *prog, const struct tb_hist_print_opts *opts, FILE *fp,
			 time_t now)
{
	struct tcprtt_section all = { 0 };
	struct tb_hist_set set = { 0 };
	struct tcprtt_ext e = { 0 };
	char *buf = NULL;
	size_t len = 0;
	FILE *ms;
	int err;

	err = tb_hist_read(prog, "dist", &set, true /* clear */);
	if (err)
		goto out;
	ms = open_memstream(&buf, &len);
	if (!ms) {
		err = -errno;
		goto out;
	}
	tb_hist_set_json(ms, &set, opts, now);
	fclose(ms);
	if (len < 2 || strcmp(buf + len - 2, "}\n")) {
		err = -EINVAL;
		goto out;
	}
	ext_lookup(&all, &e);
	fprintf(fp, "%.*s,\"avg\":%llu,\"total\":%llu,\"count\":%llu}\n", (int)(len - 2), buf,
		(unsigned long long)(e.count ? e.total / e.count : 0), (unsigned long long)e.total,
		(unsigned long long)e.count);
out:
	free(buf);
	tb_hist_set_free(&set);
	return err;
}

static struct tb_hist_print_opts print_opts(void)
{
	static const char *const headers[] = { NULL, "Local Address", "Remote Address" };

	return (struct tb_hist_print_opts){
		.unit = env.milliseconds ? "msecs" : "usecs",
		.section_header = headers[env.section],
		.label = addr_label,
	};
}

static int metrics(void *ctx, FILE *fp)
{
	struct tb_hist_print_opts opts = print_opts();

	return tb_prom_hist(fp, ctx, "dist", "tracebox_tcprtt_seconds",
			    "TCP round trip time (smoothed RTT) at each received segment", &opts);
}

static int print_dist(void *ctx, FILE *fp, time_t now)
{
	struct tb_hist_print_opts opts = print_opts();
	struct tcprtt_section all = { 0 };
	struct tcprtt_ext e;
	int err;

	if (env.extension && !env.section && tb_common.json)
		err = json_with_ext(ctx, &opts, fp, now);
	else
		err = tb_hist_dump(ctx, "dist", &opts, tb_common.json, fp, now);
	if (err || !env.extension)
		return err;
	/* without sections: BCC's extension line after the histogram (text only) */
	if (!env.section && !tb_common.json && ext_lookup(&all, &e))
		fprintf(fp, "\navg = %llu %s, total: %llu %s, count: %llu\n",
			(unsigned long long)(e.total / e.count), opts.unit,
			(unsigned long long)e.total, opts.unit, (unsigned long long)e.count);
	return tb_map_clear(ext_fd, sizeof(struct tcprtt_section), sizeof(struct tcprtt_ext));
}

static int build_cflags(struct tb_cflags *cf)
{
	if (tb_cflags_add(cf, "-DTB_SECTION=%d", env.section))
		return -1;
	if (env.milliseconds && tb_cflags_add(cf, "-DMILLISECONDS=1"))
		return -1;
	if (env.extension && tb_cflags_add(cf, "-DTB_EXTENSION=1"))
		return -1;
	if (env.family && tb_cflags_add(cf, "-DTARG_FAMILY=%d", env.family))
		return -1;
	if (env.nlports && tb_cflags_add_ports(cf, "TARG_LPORTS", env.lports, env.nlports))
		return -1;
	if (env.nrports && tb_cflags_add_ports(cf, "TARG_RPORTS", env.rports, env.nrports))
		return -1;
	if (env.laddr.family && tb_cflags_add_addr(cf, "TARG_LADDR", &env.laddr))
		return -1;
	if (env.raddr.family && tb_cflags_add_addr(cf, "TARG_RADDR", &env.raddr))
		return -1;
	return 0;
}

static int prepare(struct tb_cflags *cf)
{
	interval_and_count(&interval.interval_ms, &interval.count);
	interval.timestamp = env.timestamp;
	return build_cflags(cf);
}

static int open_ext(struct tb_prog *prog)
{
	ext_fd = env.extension ? tb_table_fd(prog, "ext") : -1;
	return env.extension && ext_fd < 0 ? -1 : 0;
}

/* fentry where BPF trampolines load, else BCC's kprobe, else the tcp:tcp_probe tracepoint
 * (which needs neither). */
static const struct tb_attach_target target = {
	.kfns = { "tcp_rcv_established", NULL }, .tp = "tcp:tcp_probe",
	.purpose = "TCP receives", .fn_desc = "tcp_rcv_established, tcp_sock.srtt_us >> 3",
	.tp_desc = "tcp:tcp_probe, srtt field",
};
static const struct tb_probe fentry[] = {
	{ TB_KFUNC, NULL, "kfunc__tcp_rcv_established" }, { TB_PROBE_END } };
static const struct tb_probe kprobe[] = {
	{ TB_KPROBE, "tcp_rcv_established", "on_tcp_rcv_established" }, { TB_PROBE_END } };
static const struct tb_probe tracepoint[] = {
	{ TB_TRACEPOINT, "tcp:tcp_probe" }, { TB_PROBE_END } };

static const struct tb_tool tool = {
	TB_TOOL_SOURCE(tcprtt),
	.argp = &argp,
	.choice = &target,
	.method = &env.method,
	.method_probes = { [TB_ATTACH_FENTRY] = fentry, [TB_ATTACH_KPROBE] = kprobe,
			   [TB_ATTACH_TRACEPOINT] = tracepoint },
	.prepare = prepare,
	.setup = open_ext,
	.banner = "TCP RTT",
	.interval = &interval,
};
TB_TOOL_MAIN(tcprtt, tool)
