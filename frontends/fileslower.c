/* fileslower: synchronous file reads and writes slower than a threshold, at the VFS, as BCC's
 * fileslower: one line each, TIME(s) COMM TID D BYTES LAT(ms) FILENAME. */
#include <argp.h>
#include <linux/types.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "tracebox.h"
#include "fileslower.h"

_Static_assert(sizeof(struct fileslower_event) ==
	       32 + TB_FILESLOWER_COMM_LEN + TB_FILESLOWER_NAME_LEN,
	       "struct fileslower_event must have the same layout on both sides");

TB_BPF_SOURCE_DECLARE(fileslower);

/* an hour: a larger threshold would print nothing */
#define TB_FILESLOWER_MAX_MS 3600000L

static struct env {
	bool all_files; /* -a */
	long pid;       /* -p, -1 = all */
	long min_ms;    /* [min_ms]; 0 = every call */
	enum tb_attach_method attach;
} env = { .pid = -1, .min_ms = TB_FILESLOWER_DEFAULT_MS, .attach = TB_ATTACH_AUTO };

static struct tb_output out;

const char *argp_program_version = "fileslower (tracebox) 0.1";
static const char doc[] =
	"Trace slow synchronous file reads and writes.\n"
	"\n"
	"min_ms: minimum I/O duration to trace, in ms (default 10; 0 traces every call).\n"
	"\n"
	"EXAMPLES:\n"
	"    fileslower             # trace sync file I/O slower than 10 ms (default)\n"
	"    fileslower 1           # trace sync file I/O slower than 1 ms\n"
	"    fileslower -p 185      # trace PID 185 only\n"
	"    fileslower -a 0        # every call, sockets and FIFOs too (verbose)\n"
	"    fileslower -v          # say which attach method was chosen, and why\n"
	"    fileslower --json 1    # one JSON object per call slower than 1 ms";

enum { OPT_ATTACH = 0x100 };

static const struct argp_option options[] = {
	{ "pid", 'p', "PID", 0, "Trace this PID only", 0 },
	{ "all-files", 'a', NULL, 0, "Include non-regular file types (sockets, FIFOs, etc)", 0 },
	{ "attach", OPT_ATTACH, "METHOD", 0, "auto (default), fentry or kprobe", 0 },
	{ 0 },
};

#define METHODS (TB_ATTACH_BIT(TB_ATTACH_FENTRY) | TB_ATTACH_BIT(TB_ATTACH_KPROBE))

static error_t parse_opt(int key, char *arg, struct argp_state *state)
{
	int err = 0;

	switch (key) {
	case 'a': env.all_files = true; break;
	case 'p': err = tb_parse_pid(arg, "PID", &env.pid); break;
	case OPT_ATTACH: err = tb_parse_attach_method(arg, METHODS, &env.attach); break;
	case ARGP_KEY_ARG:
		if (state->arg_num > 0) {
			tb_error("unexpected argument '%s'", arg);
			err = -1;
		} else {
			err = tb_parse_long(arg, 0, TB_FILESLOWER_MAX_MS, "min_ms", &env.min_ms);
		}
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	if (err)
		tb_argp_fail(state);
	return 0;
}

static const struct argp argp = { options, parse_opt, "[min_ms]", doc, tb_common_children,
				  NULL, NULL };

static int prepare(struct tb_cflags *cf)
{
	if (env.pid > 0 && tb_cflags_add(cf, "-DTARG_PID=%ld", env.pid))
		return -1;
	if (env.all_files && tb_cflags_add(cf, "-DALL_FILES=1"))
		return -1;
	/* BCC's MIN_US: none at 0, so that every call is printed */
	if (env.min_ms > 0 && tb_cflags_add(cf, "-DMIN_US=%ld", env.min_ms * 1000))
		return -1;
	return 0;
}

/* BCC: "%-8.3f %-14.14s %-6s %1s %-7s %7.2f %s": its TIME(s) is 8 wide, the snoop tools' -t 7,
 * so it is a column of this tool's */
static const struct tb_column columns[] = {
	{ "TIME(s)", "time_s", 8, TB_LEFT },
	{ "COMM", NULL, 14, TB_LEFT },
	{ "TID", NULL, 6, TB_LEFT },
	{ "D", "dir", 1, TB_LEFT },
	{ "BYTES", NULL, 7, TB_LEFT },
	{ "LAT(ms)", "lat_ms", 7, TB_RIGHT },
	{ "FILENAME", NULL, 0, TB_LEFT },
};

/* BCC's line before the header */
static void banner(void)
{
	if (tb_common.json)
		return;
	printf("Tracing sync read/writes slower than %ld ms\n", env.min_ms);
}

/* The FILENAME column: the name kept, or for a longer one its first 29 bytes and "..." (BCC) */
static void file_name(const struct fileslower_event *e, char *buf, size_t len)
{
	int n = (int)strnlen(e->name, TB_FILESLOWER_NAME_LEN);

	if (e->name_len > TB_FILESLOWER_NAME_LEN)
		snprintf(buf, len, "%.*s...", n > 3 ? n - 3 : 0, e->name);
	else
		snprintf(buf, len, "%.*s", n, e->name);
}

static void print_event(struct tb_output *o, const struct fileslower_event *e)
{
	char comm[TB_FILESLOWER_COMM_LEN + 1], name[TB_FILESLOWER_NAME_LEN + 1];

	snprintf(comm, sizeof(comm), "%.*s", TB_FILESLOWER_COMM_LEN, e->comm);
	comm[14] = 0; /* BCC's %-14.14s */
	file_name(e, name, sizeof(name));
	tb_output_begin(o, e->end_ns);
	/* seconds since the output was opened, as BCC's time.time() - start_ts */
	tb_output_double(o, (double)(int64_t)(e->end_ns - o->start_ns) / 1e9, 3);
	tb_output_str(o, comm);
	tb_output_uint(o, e->tid);
	tb_output_str(o, e->dir == TB_FILESLOWER_WRITE ? "W" : "R");
	tb_output_uint(o, e->bytes);
	/* BCC: whole microseconds / 1000 */
	tb_output_double(o, (double)(e->delta_ns / 1000) / 1000, 2);
	tb_output_str(o, name);
	tb_output_end(o);
}

static void on_event(void *ctx, int cpu, const void *data, unsigned int size)
{
	print_event(&out, data);
}

/* vfs_read and vfs_write at entry and return, by fentry/fexit where the kernel has them,
 * else kprobes/kretprobes; no tracepoint sees the struct file, so a kernel with neither
 * refuses in one line */
static const struct tb_attach_target target = {
	.kfns = { "vfs_read", "vfs_write" }, .methods = METHODS,
	.purpose = "file reads and writes" };
/* libbcc names them kfunc__/kretfunc__ + the function */
static const struct tb_probe fentry[] = {
	{ TB_KFUNC, NULL, "kfunc__vfs_read" },
	{ TB_KFUNC, NULL, "kretfunc__vfs_read" },
	{ TB_KFUNC, NULL, "kfunc__vfs_write" },
	{ TB_KFUNC, NULL, "kretfunc__vfs_write" },
	{ TB_PROBE_END },
};
static const struct tb_probe kprobe[] = {
	{ TB_KPROBE, "vfs_read", "on_read" },
	{ TB_KRETPROBE, "vfs_read", "on_read_ret" },
	{ TB_KPROBE, "vfs_write", "on_write" },
	{ TB_KRETPROBE, "vfs_write", "on_write_ret" },
	{ TB_PROBE_END },
};

static const struct tb_tool tool = {
	TB_TOOL_SOURCE(fileslower),
	.argp = &argp,
	.prepare = prepare,
	.choice = &target,
	.method = &env.attach,
	.method_probes = { [TB_ATTACH_FENTRY] = fentry, [TB_ATTACH_KPROBE] = kprobe },
	.events = "events",
	.on_event = on_event,
	.event_size = sizeof(struct fileslower_event),
	.out = &out,
	TB_COLUMNS(columns),
	.time_mode = TB_TIME_NONE,
	.before_header = banner,
};
TB_TOOL_MAIN(fileslower, tool)
