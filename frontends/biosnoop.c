/* biosnoop: trace block device I/O, a line per request with its process and latency, as BCC's
 * biosnoop does. */
#include <argp.h>
#include <linux/types.h>
#include <stdio.h>
#include <string.h>

#include "tracebox.h"
#include "biosnoop.h"

_Static_assert(sizeof(struct biosnoop_event) == 48 + TB_BIOSNOOP_COMM_LEN,
	       "struct biosnoop_event must have the same layout on both sides");

TB_BPF_SOURCE_DECLARE(biosnoop);

static struct env {
	bool queued;      /* -Q */
	bool pattern;     /* -P */
	const char *disk; /* -d NAME */
	__u32 dev;        /* its number */
} env;

const char *argp_program_version = "biosnoop (tracebox) 0.1";
static const char doc[] =
	"Trace block I/O.\n"
	"\n"
	"USAGE: biosnoop [-h] [-Q] [-d DISK] [-P] [--json]\n"
	"\n"
	"EXAMPLES:\n"
	"    biosnoop           # trace all block I/O\n"
	"    biosnoop -Q        # include OS queued time\n"
	"    biosnoop -d sdc    # trace sdc only\n"
	"    biosnoop -P        # display block I/O pattern\n"
	"    biosnoop --json    # one JSON object per I/O";

static const struct argp_option options[] = {
	{ "queue", 'Q', NULL, 0, "Include OS queued time", 0 },
	{ "disk", 'd', "DISK", 0, "Trace this disk only", 0 },
	{ "pattern", 'P', NULL, 0, "Display block I/O pattern (sequential or random)", 0 },
	{ 0 },
};

static error_t parse_opt(int key, char *arg, struct argp_state *state)
{
	int err = 0;

	switch (key) {
	case 'Q': env.queued = true; break;
	case 'P': env.pattern = true; break;
	case 'd': env.disk = arg; break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	if (err)
		tb_argp_fail(state);
	return 0;
}

static const struct argp argp = { options, parse_opt, NULL, doc, tb_common_children, NULL, NULL };

/* BCC: "%-11s %-14s %-7s %-9s %-1s %-10s %-7s", then "%-1s " (P), "%7s " (QUE), "%7s" (LAT).
 * BYTES is 6 wide here: with our one-space separator that is BCC's text exactly. */
static const struct tb_column all_columns[] = {
	{ "TIME(s)", "time_s", 11, TB_LEFT },
	{ "COMM", NULL, 14, TB_LEFT },
	{ "PID", NULL, 7, TB_LEFT },
	{ "DISK", NULL, 9, TB_LEFT },
	{ "T", NULL, 1, TB_LEFT },
	{ "SECTOR", NULL, 10, TB_LEFT },
	{ "BYTES", NULL, 6, TB_LEFT },
	{ "P", "pattern", 1, TB_LEFT },
	{ "QUE(ms)", "que_ms", 7, TB_RIGHT },
	{ "LAT(ms)", "lat_ms", 7, TB_RIGHT },
};
enum { COL_P = 7, COL_QUE, COL_LAT, NCOLS };

static struct tb_column columns_used[NCOLS];
static int ncolumns;

static const struct tb_column *columns(int *n, enum tb_time_mode *time)
{
	ncolumns = 0;
	for (int i = 0; i < NCOLS; i++) {
		if ((i == COL_P && !env.pattern) || (i == COL_QUE && !env.queued))
			continue;
		columns_used[ncolumns++] = all_columns[i];
	}
	*n = ncolumns;
	return columns_used;
}

static struct tb_output out;
static struct tb_disk_names disks;
static uint64_t first_ns; /* TIME(s) counts from the first event, as BCC's */

/* -P: where each disk's last request ended, to call the next one sequential when it starts
 * there (BCC keeps this in a map by disk; the events come in completion order either way) */
#define MAX_PATTERN_DISKS 64
static struct {
	__u32 dev;
	__u64 next_sector;
} last_end[MAX_PATTERN_DISKS];
static int nlast;

static const char *pattern(const struct biosnoop_event *e)
{
	__u64 end = e->sector + e->bytes / 512;
	int i;

	for (i = 0; i < nlast && last_end[i].dev != e->dev; i++)
		;
	if (i == nlast) {
		if (nlast == MAX_PATTERN_DISKS)
			return "?";
		last_end[nlast].dev = e->dev;
		last_end[nlast++].next_sector = end;
		return "?";
	}
	const char *p = e->sector == last_end[i].next_sector ? "S" : "R";

	last_end[i].next_sector = end;
	return p;
}

static void print_event(const struct biosnoop_event *e)
{
	char comm[TB_BIOSNOOP_COMM_LEN + 1];
	const char *disk = tb_disk_names_get(&disks, e->dev);

	/* BCC prints "%-14.14s": the text cuts the name, JSON keeps it whole */
	snprintf(comm, sizeof(comm), "%.*s", out.json ? TB_BIOSNOOP_COMM_LEN : 14, e->comm);
	tb_output_begin(&out, e->ts_ns);
	/* BCC's times are whole microseconds */
	tb_output_double(&out, tb_seconds_since_first(&first_ns, e->ts_ns / 1000 * 1000), 6);
	tb_output_str(&out, comm);
	tb_output_uint(&out, e->pid);
	tb_output_str(&out, disk ? disk : "<unknown>");
	tb_output_str(&out, e->rwflag ? "W" : "R");
	tb_output_uint(&out, e->sector);
	tb_output_uint(&out, e->bytes);
	if (env.pattern)
		tb_output_str(&out, pattern(e));
	if (env.queued)
		tb_output_double(&out, e->qdelta_ns / 1e6, 2);
	tb_output_double(&out, e->delta_ns / 1e6, 2);
	tb_output_end(&out);
}

static void handle_event(void *ctx, int cpu, const void *data, unsigned int size)
{
	print_event(data);
}

static int prepare(struct tb_cflags *cf)
{
	if (env.disk && (tb_disk_parse(env.disk, &env.dev) ||
			 tb_cflags_add(cf, "-DTARG_DEV=%u", env.dev)))
		return -1;
	return 0;
}

static const struct tb_tool tool = {
	TB_TOOL_SOURCE(biosnoop),
	.argp = &argp,
	.prepare = prepare,
	.attach = tb_block_rq_attach, /* the tracepoints of programs/tb_bpf_block.h */
	.events = "events",
	.on_event = handle_event,
	.event_size = sizeof(struct biosnoop_event),
	.out = &out,
	.columns = columns,
};
TB_TOOL_MAIN(biosnoop, tool)
