/* biotop: block device I/O by process, a top-style summary every interval, as BCC's biotop. */
#include <argp.h>
#include <linux/types.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tracebox.h"
#include "biotop.h"

_Static_assert(sizeof(struct biotop_key) == 12 + TB_BIOTOP_COMM_LEN &&
	       sizeof(struct biotop_val) == 24,
	       "struct biotop_key and biotop_val must have the same layout on both sides");

TB_BPF_SOURCE_DECLARE(biotop);

static struct env {
	bool noclear;  /* -C */
	int maxrows;   /* -r */
	long pid;      /* -p, -1 = all */
} env = { .maxrows = TB_TOP_MAXROWS, .pid = -1 };

static int print_summary(void *ctx, FILE *fp, time_t now);
/* BCC: a summary every second until Ctrl-C, which prints the last one; lines: the blank line
 * or cleared screen is tb_top_head's */
static struct tb_interval_opts interval = { .interval_ms = 1000, .lines = true,
					    .print = print_summary };

const char *argp_program_version = "biotop (tracebox) 0.1";
static const char doc[] =
	"Block device (disk) I/O by process.\n"
	"\n"
	"USAGE: biotop [-h] [-C] [-r MAXROWS] [-p PID] [--json] [interval] [count]\n"
	"\n"
	"EXAMPLES:\n"
	"    biotop            # block device I/O top, 1 second refresh\n"
	"    biotop -C         # don't clear the screen\n"
	"    biotop -p 181     # only trace PID 181\n"
	"    biotop -r 5       # the 5 processes moving the most bytes\n"
	"    biotop 5          # 5 second summaries\n"
	"    biotop 5 10       # 5 second summaries, 10 times only\n"
	"    biotop --json 5   # one JSON object every 5 seconds";

static const struct argp_option options[] = {
	{ "noclear", 'C', NULL, 0, "Don't clear the screen", 0 },
	{ "maxrows", 'r', "MAXROWS", 0, "Maximum rows to print, default 20", 0 },
	{ "pid", 'p', "PID", 0, "Trace this PID only", 0 },
	{ 0 },
};

static error_t parse_opt(int key, char *arg, struct argp_state *state)
{
	int err = 0;

	switch (key) {
	case 'C': env.noclear = true; break;
	case 'r': err = tb_parse_int(arg, 1, 99999999, "MAXROWS", &env.maxrows); break;
	case 'p': err = tb_parse_pid(arg, "PID", &env.pid); break;
	case ARGP_KEY_ARG:
		err = tb_parse_interval_arg(arg, state->arg_num, &interval.interval_ms,
					    &interval.count);
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	if (err)
		tb_argp_fail(state);
	return 0;
}

static const struct argp argp = { options, parse_opt, "[interval [count]]", doc,
				  tb_common_children, NULL, NULL };

/* One row of a summary: a process's I/O to a disk in one direction. */
struct row {
	struct biotop_key key;
	struct biotop_val val;
};

/* BCC sorts on bytes */
static uint64_t row_bytes(const void *row)
{
	return ((const struct row *)row)->val.bytes;
}

static struct tb_disk_names disks;

static const char *disk_of(__u32 dev)
{
	const char *name = tb_disk_names_get(&disks, dev);

	return name ? name : "?"; /* as BCC prints a disk /proc/diskstats lacks */
}

static double avg_ms(const struct biotop_val *v)
{
	return v->io ? v->ns / 1e6 / v->io : 0;
}

/* BCC's columns: "%-7d %-16s %1s %-3d %-3d %-8s %5s %7s %6.2f" */
static void print_header(FILE *fp)
{
	fprintf(fp, "%-7s %-16s %1s %-3s %-3s %-8s %5s %7s %6s\n", "PID", "COMM", "D", "MAJ", "MIN",
		"DISK", "I/O", "Kbytes", "AVGms");
}

static void print_row(FILE *fp, const struct row *r, const char *disk)
{
	char comm[TB_BIOTOP_COMM_LEN + 1];

	snprintf(comm, sizeof(comm), "%.*s", TB_BIOTOP_COMM_LEN, r->key.comm);
	fprintf(fp, "%-7u %-16s %1s %-3u %-3u %-8s %5u %7llu %6.2f\n", r->key.pid, comm,
		r->key.rwflag ? "W" : "R", r->key.dev >> 20, r->key.dev & 0xfffff, disk,
		r->val.io, (unsigned long long)(r->val.bytes / 1024), avg_ms(&r->val));
}

/* {"pid":..,"comm":..,"d":"R","maj":..,"min":..,"disk":..,"io":..,"kbytes":..,"bytes":..,
 * "avg_ms":..}: bytes whole too, Kbytes being rounded down */
static void print_row_json(FILE *fp, const void *row)
{
	const struct row *r = row;
	const char *disk = disk_of(r->key.dev);
	char comm[TB_BIOTOP_COMM_LEN + 1];

	snprintf(comm, sizeof(comm), "%.*s", TB_BIOTOP_COMM_LEN, r->key.comm);
	fprintf(fp, "{\"pid\":%u,\"comm\":", r->key.pid);
	tb_json_string(fp, comm);
	fprintf(fp, ",\"d\":\"%s\",\"maj\":%u,\"min\":%u,\"disk\":", r->key.rwflag ? "W" : "R",
		r->key.dev >> 20, r->key.dev & 0xfffff);
	tb_json_string(fp, disk);
	fprintf(fp, ",\"io\":%u,\"kbytes\":%llu,\"bytes\":%llu,\"avg_ms\":%.3f}", r->val.io,
		(unsigned long long)(r->val.bytes / 1024), (unsigned long long)r->val.bytes,
		avg_ms(&r->val));
}

/* text: the header, then the rows (sorted, MAXROWS at most) */
static void print_text(FILE *fp, const void *rows, size_t n)
{
	const struct row *r = rows;

	print_header(fp);
	for (size_t i = 0; i < n; i++)
		print_row(fp, &r[i], disk_of(r[i].key.dev));
}

static const struct tb_top_table counts = {
	.name = "counts",
	.key_size = sizeof(struct biotop_key),
	.val_size = sizeof(struct biotop_val),
	.row_size = sizeof(struct row),
	.val_offset = offsetof(struct row, val),
	.max_entries = TB_BIOTOP_MAX_ENTRIES,
	.weight = row_bytes,
	.print_text = print_text,
	.print_json = print_row_json,
};

static const struct tb_top_view *view(void)
{
	static struct tb_top_view v;

	v = (struct tb_top_view){ .json = tb_common.json, .clear = !env.noclear, .loadavg = true,
				  .maxrows = env.maxrows };
	return &v;
}

static int print_summary(void *ctx, FILE *fp, time_t now)
{
	return tb_top_print(ctx, &counts, view(), fp, now);
}

static int prepare(struct tb_cflags *cf)
{
	if (env.pid > 0 && tb_cflags_add(cf, "-DTARG_PID=%ld", env.pid))
		return -1;
	return 0;
}

static void banner(void)
{
	tb_top_banner(interval.interval_ms);
}

static const struct tb_tool tool = {
	TB_TOOL_SOURCE(biotop),
	.argp = &argp,
	.prepare = prepare,
	.attach = tb_block_rq_attach, /* the tracepoints of programs/tb_bpf_block.h */
	.before_header = banner,
	.interval = &interval,
	.finish = tb_top_detaching,
};
TB_TOOL_MAIN(biotop, tool)
