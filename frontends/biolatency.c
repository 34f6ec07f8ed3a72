/* biolatency: summarize block device I/O latency as a histogram, as BCC's biolatency does. */
#include <argp.h>
#include <linux/types.h>
#include <stdio.h>
#include <string.h>

#include "tracebox.h"
#include "biolatency.h"

_Static_assert(sizeof(struct biolatency_disk_key) == 16 && sizeof(struct biolatency_flags_key) == 16 &&
	       sizeof(struct biolatency_ext) == 16 /* tb_hist_ext_dump reads two u64 */,
	       "biolatency keys must match the BPF side");

TB_BPF_SOURCE_DECLARE(biolatency);

static struct env {
	bool queued;       /* -Q */
	bool milliseconds; /* -m */
	int section;       /* -D, -F: TB_BIOLATENCY_* */
	const char *disk;  /* -d NAME */
	bool extension;    /* -e */
} env;

static int print_dist(void *ctx, FILE *fp, time_t now);
static int metrics(void *ctx, FILE *fp);
/* one summary at Ctrl-C, or every interval, count times */
static struct tb_interval_opts interval = { .print = print_dist, .metrics = metrics };

const char *argp_program_version = "biolatency (tracebox) 0.1";
static const char doc[] =
	"Summarize block device I/O latency as a histogram.\n"
	"\n"
	"USAGE: biolatency [-h] [-T] [-Q] [-m] [-D] [-F] [-e] [-j] [-d DISK] [interval] [count]\n"
	"\n"
	"EXAMPLES:\n"
	"    biolatency                    # summarize block I/O latency as a histogram\n"
	"    biolatency 1 10               # print 1 second summaries, 10 times\n"
	"    biolatency -mT 1              # 1s summaries, milliseconds, and timestamps\n"
	"    biolatency -Q                 # include OS queued time in I/O time\n"
	"    biolatency -D                 # show each disk device separately\n"
	"    biolatency -F                 # show I/O flags separately\n"
	"    biolatency -j                 # print one JSON object per interval (= --json)\n"
	"    biolatency -e                 # show extension summary (total, average)\n"
	"    biolatency -d vda             # trace vda only\n"
	"    biolatency -D --prometheus :9102  # serve per-disk histograms to Prometheus";

static const struct argp_option options[] = {
	{ "timestamp", 'T', NULL, 0, "Include timestamp on output", 0 },
	{ "queued", 'Q', NULL, 0, "Include OS queued time in I/O time", 0 },
	{ "milliseconds", 'm', NULL, 0, "Millisecond histogram", 0 },
	{ "disks", 'D', NULL, 0, "Print a histogram per disk device", 0 },
	{ "flags", 'F', NULL, 0, "Print a histogram per set of I/O flags", 0 },
	{ "extension", 'e', NULL, 0, "Summarize average/total value", 0 },
	{ "disk", 'd', "DISK", 0, "Trace this disk only", 0 },
	{ NULL, 'j', NULL, 0, "JSON output (the same as --json)", 0 },
	{ 0 },
};

static error_t parse_opt(int key, char *arg, struct argp_state *state)
{
	int err = 0;

	switch (key) {
	case 'T': interval.timestamp = true; break;
	case 'Q': env.queued = true; break;
	case 'm': env.milliseconds = true; break;
	case 'D':
	case 'F':
		err = tb_hist_parse_section(&env.section, key == 'D' ? TB_BIOLATENCY_DISK :
					    TB_BIOLATENCY_FLAGS, "-D and -F");
		break;
	case 'd': env.disk = arg; break;
	case 'e': env.extension = true; break;
	case 'j': tb_common.json = true; break;
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

static const struct argp argp = { options, parse_opt, "[interval [count]]", doc, tb_prometheus_children, NULL,
				  NULL };

static void disk_label(const void *section, size_t size, struct tb_hist_label *l, void *ctx)
{
	char name[32];
	__u32 dev;

	memcpy(&dev, section, sizeof(dev));
	tb_disk_name(dev, name, sizeof(name));
	tb_hist_label_string(l, name);
}

/* BCC's flags_print: the operation, prefixed by each flag's name ("Sync-Write"). */
static void flags_label(const void *section, size_t size, struct tb_hist_label *l, void *ctx)
{
	static const char *const ops[] = {
		[TB_BIO_OP_READ] = "Read", [TB_BIO_OP_WRITE] = "Write", [TB_BIO_OP_FLUSH] = "Flush",
		[TB_BIO_OP_DISCARD] = "Discard", [TB_BIO_OP_SECURE_ERASE] = "SecureErase",
		[6] = "ZoneReset", [7] = "WriteSame", [9] = "WriteZeros",
	};
	/* innermost prefix first, as BCC builds the text */
	static const struct { __u64 bit; const char *name; } prefixes[] = {
		{ TB_BIO_REQ_SYNC, "Sync-" }, { TB_BIO_REQ_META, "Metadata-" },
		{ TB_BIO_REQ_FUA, "ForcedUnitAccess-" }, { TB_BIO_REQ_PRIO, "Priority-" },
		{ TB_BIO_REQ_NOMERGE, "NoMerge-" }, { TB_BIO_REQ_IDLE, "Idle-" },
		{ TB_BIO_REQ_RAHEAD, "ReadAhead-" }, { TB_BIO_REQ_BACKGROUND, "Background-" },
		{ TB_BIO_REQ_NOWAIT, "NoWait-" },
	};
	__u64 flags, op;
	char text[sizeof(l->text)], tmp[sizeof(l->text)];

	memcpy(&flags, section, sizeof(flags));
	op = flags & TB_BIO_OP_MASK;
	snprintf(text, sizeof(text), "%s",
		 op < sizeof(ops) / sizeof(ops[0]) && ops[op] ? ops[op] : "Unknown");
	for (size_t i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++) {
		if (!(flags & prefixes[i].bit))
			continue;
		snprintf(tmp, sizeof(tmp), "%s%s", prefixes[i].name, text);
		memcpy(text, tmp, sizeof(text));
	}
	tb_hist_label_string(l, text);
}

static struct tb_hist_print_opts print_opts(void)
{
	return (struct tb_hist_print_opts){
		.unit = env.milliseconds ? "msecs" : "usecs",
		.section_header = env.section == TB_BIOLATENCY_FLAGS ? "flags" : "disk",
		.label = env.section == TB_BIOLATENCY_FLAGS ? flags_label : disk_label,
	};
}

static int metrics(void *ctx, FILE *fp)
{
	struct tb_hist_print_opts opts = print_opts();

	return tb_prom_hist(fp, ctx, "dist", "tracebox_biolatency_seconds", env.queued ?
			    "Block I/O latency, from the request's queueing to its completion" :
			    "Block I/O latency, from the request's issue to the device to its completion",
			    &opts);
}

static int print_dist(void *ctx, FILE *fp, time_t now)
{
	struct tb_hist_print_opts opts = print_opts();
	int err = tb_hist_dump(ctx, "dist", &opts, tb_common.json, fp, now);

	if (err || !env.extension)
		return err;
	return tb_hist_ext_dump(ctx, "extension", opts.unit, tb_common.json, fp);
}

/* -d DISK: its number, as the block tracepoints carry it */
static int disk_cflag(struct tb_cflags *cf)
{
	__u32 dev;

	return tb_disk_parse(env.disk, &dev) ? -1 : tb_cflags_add(cf, "-DTARG_DEV=%u", dev);
}

/* From issue, or with -Q from queueing: block_io_start (6.5+), else block_rq_insert. To
 * completion: block_io_done (6.5+, BCC's choice), else block_rq_complete. */
static struct tb_probe probes[] = {
	{ TB_TRACEPOINT, "block:block_rq_issue" },
	{ TB_TRACEPOINT, "block:block_io_done" },
	{ TB_PROBE_END },
};

static int prepare(struct tb_cflags *cf)
{
	bool io_start = env.queued && tb_tracepoint_exists("block:block_io_start");
	bool io_done = tb_tracepoint_exists("block:block_io_done");

	if (tb_cflags_add(cf, "-DTB_SECTION=%d", env.section) ||
	    (env.milliseconds && tb_cflags_add(cf, "-DMILLISECONDS=1")) ||
	    (env.extension && tb_cflags_add(cf, "-DTB_EXTENSION=1")) ||
	    (env.disk && disk_cflag(cf)))
		return -1;
	if (env.queued) {
		probes[0].target = io_start ? "block:block_io_start" : "block:block_rq_insert";
		if (tb_cflags_add(cf, "-DTB_START_%s=1", io_start ? "IO_START" : "RQ_INSERT"))
			return -1;
	}
	if (!io_done) {
		probes[1].target = "block:block_rq_complete";
		if (tb_cflags_add(cf, "-DTB_DONE_RQ_COMPLETE=1"))
			return -1;
	}
	tb_info("timing from %s to %s", probes[0].target, probes[1].target);
	return 0;
}

static const struct tb_tool tool = {
	TB_TOOL_SOURCE(biolatency),
	.argp = &argp,
	.prepare = prepare,
	.probes = probes, /* as prepare chose them */
	.banner = "block device I/O",
	.interval = &interval,
};
TB_TOOL_MAIN(biolatency, tool)
