/* bitesize: summarize block device I/O sizes as a histogram per process name, as BCC's
 * bitesize does (with libbpf-tools bitesize's -c, -d, -T and [interval [count]]). */
#include <argp.h>
#include <linux/types.h>
#include <stdio.h>
#include <string.h>

#include "tracebox.h"
#include "bitesize.h"

_Static_assert(sizeof(struct bitesize_key) == TB_BITESIZE_COMM_LEN + 8,
	       "struct bitesize_key must have the same layout on both sides");

TB_BPF_SOURCE_DECLARE(bitesize);

static struct env {
	const char *comm; /* -c: names starting with it */
	const char *disk; /* -d NAME */
	__u32 dev;
} env;

static int print_dist(void *ctx, FILE *fp, time_t now);
/* one summary at Ctrl-C, or every interval, count times */
static struct tb_interval_opts interval = { .print = print_dist };

const char *argp_program_version = "bitesize (tracebox) 0.1";
static const char doc[] =
	"Summarize block device I/O size as a histogram per process name.\n"
	"\n"
	"USAGE: bitesize [-h] [-T] [-c COMM] [-d DISK] [--json] [interval] [count]\n"
	"\n"
	"EXAMPLES:\n"
	"    bitesize              # summarize block I/O sizes until Ctrl-C\n"
	"    bitesize 1 10         # print 1 second summaries, 10 times\n"
	"    bitesize -T 1         # 1s summaries with timestamps\n"
	"    bitesize -c fio       # trace fio only\n"
	"    bitesize -d sdc       # trace sdc only\n"
	"    bitesize --json       # one JSON object per summary";

static const struct argp_option options[] = {
	{ "timestamp", 'T', NULL, 0, "Include timestamp on output", 0 },
	{ "comm", 'c', "COMM", 0, "Trace this comm only (process names starting with it)", 0 },
	{ "disk", 'd', "DISK", 0, "Trace this disk only", 0 },
	{ 0 },
};

static error_t parse_opt(int key, char *arg, struct argp_state *state)
{
	int err = 0;

	switch (key) {
	case 'T': interval.timestamp = true; break;
	case 'c':
		if (!*arg || strlen(arg) >= TB_BITESIZE_COMM_LEN) {
			tb_error("invalid comm '%s': 1 to %d characters expected", arg,
				 TB_BITESIZE_COMM_LEN - 1);
			err = -1;
		}
		env.comm = arg;
		break;
	case 'd': env.disk = arg; break;
	case ARGP_KEY_ARG:
		err = tb_parse_interval_arg(arg, state->arg_num, &interval.interval_ms, &interval.count);
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	if (err)
		tb_argp_fail(state);
	return 0;
}

static const struct argp argp = { options, parse_opt, "[interval [count]]", doc, tb_common_children, NULL, NULL };

static void comm_label(const void *section, size_t size, struct tb_hist_label *l, void *ctx)
{
	char comm[TB_BITESIZE_COMM_LEN + 1];

	snprintf(comm, sizeof(comm), "%.*s", TB_BITESIZE_COMM_LEN, (const char *)section);
	tb_hist_label_string(l, comm);
}

/* -c, as libbpf-tools compares: the name's first strlen(COMM) bytes */
static void keep_comm(struct tb_hist_set *set, const char *comm)
{
	int kept = 0;

	for (int i = 0; i < set->n; i++)
		if (!strncmp((const char *)set->hists[i].section, comm, strlen(comm)))
			set->hists[kept++] = set->hists[i];
	set->n = kept;
}

/* BCC: print_log2_hist("Kbytes", "Process Name", section_print_fn=bytes.decode) */
static void print_set(FILE *fp, struct tb_hist_set *set, bool json, time_t now)
{
	struct tb_hist_print_opts opts = {
		.unit = "Kbytes",
		.section_header = json ? "comm" : "Process Name",
		.label = comm_label,
	};

	if (env.comm)
		keep_comm(set, env.comm);
	if (json)
		tb_hist_set_json(fp, set, &opts, now);
	else
		tb_hist_set_print(fp, set, &opts);
}

static int print_dist(void *ctx, FILE *fp, time_t now)
{
	struct tb_hist_set set = { 0 };
	int err = tb_hist_read(ctx, "dist", &set, true /* clear */);

	if (!err)
		print_set(fp, &set, tb_common.json, now);
	tb_hist_set_free(&set);
	return err;
}

static int prepare(struct tb_cflags *cf)
{
	if (env.disk && (tb_disk_parse(env.disk, &env.dev) ||
			 tb_cflags_add(cf, "-DTARG_DEV=%u", env.dev)))
		return -1;
	return 0;
}

static const struct tb_probe probes[] = {
	{ TB_TRACEPOINT, "block:block_rq_issue" },
	{ TB_PROBE_END },
};

static const struct tb_tool tool = {
	TB_TOOL_SOURCE(bitesize),
	.argp = &argp,
	.prepare = prepare,
	.probes = probes,
	.banner = "block I/O",
	.interval = &interval,
};
TB_TOOL_MAIN(bitesize, tool)
