/* drsnoop: trace the time tasks spend in direct memory reclaim, as BCC's drsnoop. */
#include <argp.h>
#include <errno.h>
#include <linux/types.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "tracebox.h"
#include "drsnoop.h"

_Static_assert(sizeof(struct drsnoop_event) == 48 + TB_DRSNOOP_COMM_LEN,
	       "struct drsnoop_event must have the same layout on both sides");

TB_BPF_SOURCE_DECLARE(drsnoop);

#define MEMCG_BEGIN "vmscan:mm_vmscan_memcg_reclaim_begin"
#define TB_DRSNOOP_TEXT_COMM 14 /* BCC prints "%-14.14s": names cut to 14 bytes in text */

static struct env {
	bool timestamp;   /* -T: TIME(s) since the first event */
	bool print_uid;   /* -U */
	long pid;         /* -p, -1 = all */
	long tid;         /* -t, -1 = all; wins over -p, as BCC's */
	long uid;         /* -u, -1 = all */
	long duration_ms; /* -d, 0 = until Ctrl-C */
	const char *name; /* -n: substring of the process name */
	bool free_mem;    /* -v (BCC's), -e (libbpf-tools'): FREE(KB) */
	bool memcg;       /* --memcg: memory cgroups' reclaim at their limits too */
	unsigned long long zone_stat; /* -v: vm_zone_stat's address (prepare) */
	long page_kb;     /* KB per page, for FREE(KB) */
} env = { .pid = -1, .tid = -1, .uid = -1, .page_kb = 4 };

enum { OPT_MEMCG = 0x2000 };

const char *argp_program_version = "drsnoop (tracebox) 0.1";
static const char doc[] =
	"Trace direct reclaim.\n"
	"\n"
	"-v is BCC's (show free memory); the loader's account is --verbose.\n"
	"\n"
	"EXAMPLES:\n"
	"    drsnoop           # trace all direct reclaim\n"
	"    drsnoop -T        # include timestamps\n"
	"    drsnoop -U        # include UID\n"
	"    drsnoop -p 181    # only trace PID 181\n"
	"    drsnoop -t 123    # only trace TID 123\n"
	"    drsnoop -u 1000   # only trace UID 1000\n"
	"    drsnoop -d 10     # trace for 10 seconds only\n"
	"    drsnoop -n main   # only print process names containing \"main\"\n"
	"    drsnoop -v        # show free memory (FREE(KB)) when each reclaim began\n"
	"    drsnoop --memcg   # also reclaim by tasks whose memory cgroup is at its limit\n"
	"    drsnoop --json    # one JSON object per reclaim";

static const struct argp_option options[] = {
	{ "timestamp", 'T', NULL, 0, "Include timestamp on output", 0 },
	{ "print-uid", 'U', NULL, 0, "Print UID column", 0 },
	{ "pid", 'p', "PID", 0, "Trace this PID only", 0 },
	{ "tid", 't', "TID", 0, "Trace this TID only", 0 },
	{ "uid", 'u', "UID", 0, "Trace this UID only (a number or a user name)", 0 },
	{ "duration", 'd', "DURATION", 0, "Total duration of trace in seconds", 0 },
	{ "name", 'n', "NAME", 0, "Only print process names containing this name", 0 },
	/* BCC's -v; its long name --verbose stays the loader's */
	{ "free", 'v', NULL, 0, "Show system memory state: free memory at the start (BCC's -v)", 0 },
	{ "extended", 'e', NULL, 0, "The same as -v (libbpf-tools' drsnoop)", 0 },
	{ "memcg", OPT_MEMCG, NULL, 0, "Also trace reclaim by tasks whose memory cgroup is at its "
				       "limit (adds the RECLAIM column)", 0 },
	{ 0 },
};

static error_t parse_opt(int key, char *arg, struct argp_state *state)
{
	int err = 0;

	switch (key) {
	case 'T': env.timestamp = true; break;
	case 'U': env.print_uid = true; break;
	case 'p': err = tb_parse_pid(arg, "PID", &env.pid); break;
	case 't': err = tb_parse_pid(arg, "TID", &env.tid); break;
	case 'u': err = tb_parse_user(arg, &env.uid); break;
	case 'd': err = tb_parse_seconds(arg, 365 * 86400.0, "duration", &env.duration_ms); break;
	case 'n': env.name = arg; break;
	case 'v': case 'e': env.free_mem = true; break;
	case OPT_MEMCG: env.memcg = true; break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	if (err)
		tb_argp_fail(state);
	return 0;
}

static const struct argp argp = { options, parse_opt, NULL, doc, tb_common_children, NULL, NULL };

/* BCC: "%-14s" TIME(s) and "%-6s" UID with no separator, "%-14s %-6s %8s %5s", then "%10s"
 * FREE(KB) with none. Our columns add one space: widths one less there. */
enum { COL_TIME, COL_UID, COL_COMM, COL_PID, COL_LAT, COL_PAGES, COL_FREE, COL_RECLAIM,
       NCOLUMNS };
static const struct tb_column all_columns[NCOLUMNS] = {
	[COL_TIME] = { "TIME(s)", "time_s", 13, TB_LEFT },
	[COL_UID] = { "UID", NULL, 5, TB_LEFT },
	[COL_COMM] = { "COMM", NULL, TB_DRSNOOP_TEXT_COMM, TB_LEFT },
	[COL_PID] = { "PID", NULL, 6, TB_LEFT },
	[COL_LAT] = { "LAT(ms)", "lat_ms", 8, TB_RIGHT },
	[COL_PAGES] = { "PAGES", NULL, 5, TB_RIGHT },
	[COL_FREE] = { "FREE(KB)", "free_kb", 9, TB_RIGHT },
	[COL_RECLAIM] = { "RECLAIM", NULL, 0, TB_LEFT },
};

static bool column_used(int i)
{
	switch (i) {
	case COL_TIME: return env.timestamp;
	case COL_UID: return env.print_uid;
	case COL_FREE: return env.free_mem;
	case COL_RECLAIM: return env.memcg;
	default: return true;
	}
}

static const struct tb_column *columns(int *n, enum tb_time_mode *time)
{
	static struct tb_column shown[NCOLUMNS];

	*n = tb_columns_pick(all_columns, NCOLUMNS, column_used, COL_PID, env.tid > 0, shown);
	*time = TB_TIME_NONE;
	return shown;
}

static struct tb_output out;
static uint64_t first_ts; /* -T's zero: the first event printed */

static void print_event(const struct drsnoop_event *e)
{
	char comm[TB_DRSNOOP_COMM_LEN + 1];

	snprintf(comm, sizeof(comm), "%.*s", TB_DRSNOOP_COMM_LEN, e->comm);
	if (env.name && !strstr(comm, env.name))
		return;
	if (!tb_common.json) /* BCC's "%-14.14s"; JSON keeps the whole name */
		comm[TB_DRSNOOP_TEXT_COMM] = 0;
	tb_output_begin(&out, e->ts);
	if (env.timestamp)
		tb_output_double(&out, tb_seconds_since_first(&first_ts, e->ts), 9);
	if (env.print_uid)
		tb_output_uint(&out, e->uid);
	tb_output_str(&out, comm);
	tb_output_uint(&out, env.tid > 0 ? e->tid : e->pid);
	tb_output_double(&out, e->delta_ns / 1e6, 2);
	tb_output_uint(&out, e->nr_reclaimed);
	if (env.free_mem)
		tb_output_uint(&out, e->free_pages * env.page_kb);
	if (env.memcg)
		tb_output_str(&out, e->kind == TB_DRSNOOP_MEMCG ? "memcg" : "direct");
	tb_output_end(&out);
}

static void handle_event(void *ctx, int cpu, const void *data, unsigned int size)
{
	print_event(data);
}

static int build_cflags(struct tb_cflags *cf)
{
	if (tb_cflags_pid_tid(cf, env.pid, env.tid))
		return -1;
	if (env.uid >= 0 && tb_cflags_add(cf, "-DTARG_UID=%ld", env.uid))
		return -1;
	if (env.memcg && tb_cflags_add(cf, "-DMEMCG=1"))
		return -1;
	if (env.free_mem && tb_cflags_add(cf, "-DVM_ZONE_STAT_ADDR=0x%llxULL", env.zone_stat))
		return -1;
	return 0;
}

/* -v reads the free page count where /proc/kallsyms says vm_zone_stat is (vm_stat before
 * 4.8's split into zone and node counters), as BCC does: a data symbol, which only kernels
 * built with CONFIG_KALLSYMS_ALL list. BCC refuses to start without it even when -v is not
 * given; here only -v needs it. */
static int find_zone_stat(void)
{
	static const char *const names[] = { "vm_zone_stat", "vm_stat" };
	int err = -ENOENT;

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]) && err == -ENOENT; i++)
		err = tb_ksym_addr(names[i], &env.zone_stat);
	if (!err)
		return 0;
	if (err == -EPERM)
		tb_error("failed to read the address of 'vm_zone_stat' in /proc/kallsyms: it shows 0 "
			 "(kptr_restrict; run as root), so -v cannot show free memory");
	else if (err == -ENOENT)
		tb_error("failed to find 'vm_zone_stat' in /proc/kallsyms: this kernel lists no data "
			 "symbols (CONFIG_KALLSYMS_ALL), so -v cannot show free memory");
	else
		tb_error("failed to read '/proc/kallsyms': %s", strerror(-err));
	return -1;
}

/* The kernel's memory controller, from /proc/cgroups ("memory <hierarchy> <cgroups> <enabled>"):
 * 4.14 has the memcg reclaim tracepoints even without CONFIG_MEMCG, where they never fire. */
static bool memory_controller(void)
{
	char line[256], name[64];
	int hierarchy, cgroups, enabled;
	bool found = false;
	FILE *f = fopen("/proc/cgroups", "r");

	if (!f)
		return false;
	while (!found && fgets(line, sizeof(line), f))
		found = sscanf(line, "%63s %d %d %d", name, &hierarchy, &cgroups, &enabled) == 4 &&
			!strcmp(name, "memory") && enabled;
	fclose(f);
	return found;
}

static int prepare(struct tb_cflags *cf)
{
	long page = sysconf(_SC_PAGESIZE);

	if (page >= 1024)
		env.page_kb = page / 1024;
	if (env.free_mem && find_zone_stat())
		return -1;
	/* said before a compile is spent (without privileges tracefs cannot be read: the attach
	 * then says it) */
	if (env.memcg && !memory_controller()) {
		tb_error("failed to find the memory controller in /proc/cgroups: this kernel has no "
			 "memory cgroups (CONFIG_MEMCG, or cgroup_disable=memory), so --memcg has "
			 "nothing to trace");
		return -1;
	}
	if (env.memcg && tb_have_bpf_privileges() && !tb_tracepoint_exists(MEMCG_BEGIN)) {
		tb_error("failed to find tracepoint '" MEMCG_BEGIN "': this kernel has no memory "
			 "cgroups (CONFIG_MEMCG), so --memcg has nothing to trace");
		return -1;
	}
	return build_cflags(cf);
}

static const struct tb_probe probes[] = {
	{ TB_TRACEPOINT, "vmscan:mm_vmscan_direct_reclaim_begin" },
	{ TB_TRACEPOINT, "vmscan:mm_vmscan_direct_reclaim_end" },
	/* --memcg's: prepare refused it where they are missing (no CONFIG_MEMCG) */
	{ TB_TRACEPOINT, MEMCG_BEGIN, .when = &env.memcg },
	{ TB_TRACEPOINT, "vmscan:mm_vmscan_memcg_reclaim_end", .when = &env.memcg },
	{ TB_PROBE_END },
};

static const struct tb_tool tool = {
	TB_TOOL_SOURCE(drsnoop),
	.argp = &argp,
	.prepare = prepare,
	.probes = probes,
	.events = "events",
	.on_event = handle_event,
	.event_size = sizeof(struct drsnoop_event),
	.out = &out,
	.columns = columns,
	.duration_ms = &env.duration_ms,
};
TB_TOOL_MAIN(drsnoop, tool)
