/* filetop: file reads and writes by thread and file, a top-style summary every interval, as
 * BCC's filetop. */
#include <argp.h>
#include <linux/types.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tracebox.h"
#include "filetop.h"

_Static_assert(sizeof(struct filetop_key) == 32 + TB_FILETOP_COMM_LEN + TB_FILETOP_NAME_LEN &&
	       sizeof(struct filetop_val) == 32,
	       "struct filetop_key and filetop_val must have the same layout on both sides");

TB_BPF_SOURCE_DECLARE(filetop);

/* BCC's -s choices */
enum sort_key { SORT_ALL, SORT_READS, SORT_WRITES, SORT_RBYTES, SORT_WBYTES };
static const char *const sort_names[] = { "all", "reads", "writes", "rbytes", "wbytes" };

static struct env {
	bool all_files; /* -a */
	bool noclear;   /* -C */
	int maxrows;    /* -r */
	enum sort_key sort; /* -s */
	long pid;       /* -p, -1 = all */
	enum tb_attach_method attach;
} env = { .maxrows = TB_TOP_MAXROWS, .pid = -1, .attach = TB_ATTACH_AUTO };

static int print_summary(void *ctx, FILE *fp, time_t now);
/* BCC: a summary every second until Ctrl-C, which prints the last one; lines: the blank line
 * or cleared screen is tb_top_head's */
static struct tb_interval_opts interval = { .interval_ms = 1000, .lines = true,
					    .print = print_summary };

const char *argp_program_version = "filetop (tracebox) 0.1";
static const char doc[] =
	"File reads and writes by process.\n"
	"\n"
	"USAGE: filetop [-h] [-a] [-C] [-r MAXROWS] [-s {all,reads,writes,rbytes,wbytes}]\n"
	"               [-p PID] [interval] [count]\n"
	"\n"
	"EXAMPLES:\n"
	"    filetop            # file I/O top, 1 second refresh\n"
	"    filetop -C         # don't clear the screen\n"
	"    filetop -p 181     # PID 181 only\n"
	"    filetop -a         # sockets, FIFOs and devices too\n"
	"    filetop -s rbytes  # the most bytes read first\n"
	"    filetop 5          # 5 second summaries\n"
	"    filetop 5 10       # 5 second summaries, 10 times only\n"
	"    filetop -v         # say which attach method was chosen, and why\n"
	"    filetop --json 5   # one JSON object every 5 seconds";

enum { OPT_ATTACH = 0x100 };

static const struct argp_option options[] = {
	{ "all-files", 'a', NULL, 0, "Include non-regular file types (sockets, FIFOs, etc)", 0 },
	{ "noclear", 'C', NULL, 0, "Don't clear the screen", 0 },
	{ "maxrows", 'r', "MAXROWS", 0, "Maximum rows to print, default 20", 0 },
	{ "sort", 's', "{all,reads,writes,rbytes,wbytes}", 0, "Sort column, default all", 0 },
	{ "pid", 'p', "PID", 0, "Trace this PID only", 0 },
	{ "attach", OPT_ATTACH, "METHOD", 0, "auto (default), fentry or kprobe", 0 },
	{ 0 },
};

#define METHODS (TB_ATTACH_BIT(TB_ATTACH_FENTRY) | TB_ATTACH_BIT(TB_ATTACH_KPROBE))

static int parse_sort(const char *arg, enum sort_key *out)
{
	for (size_t i = 0; i < sizeof(sort_names) / sizeof(sort_names[0]); i++) {
		if (!strcmp(arg, sort_names[i])) {
			*out = (enum sort_key)i;
			return 0;
		}
	}
	tb_error("invalid sort column '%s': expected all, reads, writes, rbytes or wbytes", arg);
	return -1;
}

static error_t parse_opt(int key, char *arg, struct argp_state *state)
{
	int err = 0;

	switch (key) {
	case 'a': env.all_files = true; break;
	case 'C': env.noclear = true; break;
	case 'r': err = tb_parse_int(arg, 1, 99999999, "MAXROWS", &env.maxrows); break;
	case 's': err = parse_sort(arg, &env.sort); break;
	case 'p': err = tb_parse_pid(arg, "PID", &env.pid); break;
	case OPT_ATTACH: err = tb_parse_attach_method(arg, METHODS, &env.attach); break;
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

/* One row of a summary: a thread's reads and writes of one file. */
struct row {
	struct filetop_key key;
	struct filetop_val val;
};

/* -s: BCC's "all" is the sum of the four columns' raw values, bytes and calls together */
static uint64_t row_weight(const void *row)
{
	const struct filetop_val *v = &((const struct row *)row)->val;

	switch (env.sort) {
	case SORT_READS: return v->reads;
	case SORT_WRITES: return v->writes;
	case SORT_RBYTES: return v->rbytes;
	case SORT_WBYTES: return v->wbytes;
	default: return v->reads + v->writes + v->rbytes + v->wbytes;
	}
}

/* The FILE column: the name kept, or for a longer one its first 29 bytes and "..." (BCC) */
static void file_name(const struct filetop_key *k, char *buf, size_t len)
{
	int n = (int)strnlen(k->name, TB_FILETOP_NAME_LEN);

	if (k->name_len > TB_FILETOP_NAME_LEN)
		snprintf(buf, len, "%.*s...", n > 3 ? n - 3 : 0, k->name);
	else
		snprintf(buf, len, "%.*s", n, k->name);
}

/* BCC's columns: "%-7s %-16s %-6s %-6s %-7s %-7s %1s %s" */
static void print_text(FILE *fp, const void *rows, size_t n)
{
	const struct row *r = rows;

	fprintf(fp, "%-7s %-16s %-6s %-6s %-7s %-7s %1s %s\n", "TID", "COMM", "READS", "WRITES",
		"R_Kb", "W_Kb", "T", "FILE");
	for (size_t i = 0; i < n; i++) {
		char comm[TB_FILETOP_COMM_LEN + 1], name[TB_FILETOP_NAME_LEN + 1];

		snprintf(comm, sizeof(comm), "%.*s", TB_FILETOP_COMM_LEN, r[i].key.comm);
		file_name(&r[i].key, name, sizeof(name));
		fprintf(fp, "%-7u %-16s %-6llu %-6llu %-7llu %-7llu %1c %s\n", r[i].key.tid, comm,
			(unsigned long long)r[i].val.reads, (unsigned long long)r[i].val.writes,
			(unsigned long long)(r[i].val.rbytes / 1024),
			(unsigned long long)(r[i].val.wbytes / 1024), r[i].key.type, name);
	}
}

/* {"tid":..,"comm":..,"reads":..,"writes":..,"r_kb":..,"w_kb":..,"rbytes":..,"wbytes":..,
 * "type":"R","file":..}: bytes whole too, Kb being rounded down */
static void print_row_json(FILE *fp, const void *row)
{
	const struct row *r = row;
	char comm[TB_FILETOP_COMM_LEN + 1], name[TB_FILETOP_NAME_LEN + 1];

	snprintf(comm, sizeof(comm), "%.*s", TB_FILETOP_COMM_LEN, r->key.comm);
	file_name(&r->key, name, sizeof(name));
	fprintf(fp, "{\"tid\":%u,\"comm\":", r->key.tid);
	tb_json_string(fp, comm);
	fprintf(fp, ",\"reads\":%llu,\"writes\":%llu,\"r_kb\":%llu,\"w_kb\":%llu,\"rbytes\":%llu,"
		"\"wbytes\":%llu,\"type\":\"%c\",\"file\":", (unsigned long long)r->val.reads,
		(unsigned long long)r->val.writes, (unsigned long long)(r->val.rbytes / 1024),
		(unsigned long long)(r->val.wbytes / 1024), (unsigned long long)r->val.rbytes,
		(unsigned long long)r->val.wbytes, r->key.type);
	tb_json_string(fp, name);
	fputc('}', fp);
}

static const struct tb_top_table counts = {
	.name = "counts",
	.key_size = sizeof(struct filetop_key),
	.val_size = sizeof(struct filetop_val),
	.row_size = sizeof(struct row),
	.val_offset = offsetof(struct row, val),
	.max_entries = TB_FILETOP_MAX_ENTRIES,
	.weight = row_weight,
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
	if (env.all_files && tb_cflags_add(cf, "-DALL_FILES=1"))
		return -1;
	return 0;
}

static void banner(void)
{
	tb_top_banner(interval.interval_ms);
}

/* vfs_read and vfs_write, by fentry where the kernel has it, else kprobes; no tracepoint
 * sees the struct file, so a kernel with neither refuses in one line */
static const struct tb_attach_target target = {
	.kfns = { "vfs_read", "vfs_write" }, .methods = METHODS, .purpose = "file reads and writes" };
/* libbcc names them kfunc__ + the function: KFUNC_PROBE(vfs_read) */
static const struct tb_probe fentry[] = {
	{ TB_KFUNC, NULL, "kfunc__vfs_read" },
	{ TB_KFUNC, NULL, "kfunc__vfs_write" },
	{ TB_PROBE_END },
};
static const struct tb_probe kprobe[] = {
	{ TB_KPROBE, "vfs_read", "on_read" },
	{ TB_KPROBE, "vfs_write", "on_write" },
	{ TB_PROBE_END },
};

static const struct tb_tool tool = {
	TB_TOOL_SOURCE(filetop),
	.argp = &argp,
	.choice = &target,
	.method = &env.attach,
	.method_probes = { [TB_ATTACH_FENTRY] = fentry, [TB_ATTACH_KPROBE] = kprobe },
	.prepare = prepare,
	.before_header = banner,
	.interval = &interval,
	.finish = tb_top_detaching,
};
TB_TOOL_MAIN(filetop, tool)
