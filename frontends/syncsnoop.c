/* syncsnoop: trace sync() and its relatives, with libbpf-tools syncsnoop's columns. */
#include <argp.h>
#include <linux/types.h>
#include <stdio.h>

#include "tracebox.h"
#include "syncsnoop.h"

_Static_assert(sizeof(struct syncsnoop_event) == 16 + TB_SYNCSNOOP_COMM_LEN,
	       "struct syncsnoop_event must have the same layout on both sides");

TB_BPF_SOURCE_DECLARE(syncsnoop);

const char *argp_program_version = "syncsnoop (tracebox) 0.1";
static const char doc[] =
	"Trace sync syscalls: sync(), fsync(), fdatasync(), msync(), sync_file_range(), syncfs().\n"
	"\n"
	"EXAMPLES:\n"
	"    syncsnoop           # trace sync syscalls\n"
	"    syncsnoop --json    # one JSON object per call";

/* BCC and libbpf-tools have no options of their own: the common ones only (the loader refuses
 * an argument) */
static const struct argp argp = { NULL, NULL, NULL, doc, tb_common_children, NULL, NULL };

/* BCC: "%-18s %-16s %-16s"; the last column is not padded (no trailing spaces) */
static const struct tb_column columns[] = {
	{ "TIME(s)", "time_s", 18, TB_LEFT },
	{ "COMM", NULL, 16, TB_LEFT },
	{ "CALL", NULL, 0, TB_LEFT },
};

static const struct tb_column *select_columns(int *n, enum tb_time_mode *time)
{
	*n = 3;
	return columns;
}

static struct tb_output out;

static const char *const call_names[TB_SYNCSNOOP_NCALLS] = {
	[TB_SYNCSNOOP_SYNC] = "sync",
	[TB_SYNCSNOOP_FSYNC] = "fsync",
	[TB_SYNCSNOOP_FDATASYNC] = "fdatasync",
	[TB_SYNCSNOOP_MSYNC] = "msync",
	[TB_SYNCSNOOP_SYNC_FILE_RANGE] = "sync_file_range",
	[TB_SYNCSNOOP_SYNC_FILE_RANGE2] = "sync_file_range2",
	[TB_SYNCSNOOP_ARM_SYNC_FILE_RANGE] = "arm_sync_file_range",
	[TB_SYNCSNOOP_SYNCFS] = "syncfs",
};

static const char *call_name(__u32 call)
{
	return call < TB_SYNCSNOOP_NCALLS && call_names[call] ? call_names[call] : "N/A";
}

static void print_event(const struct syncsnoop_event *e)
{
	char comm[TB_SYNCSNOOP_COMM_LEN + 1];

	snprintf(comm, sizeof(comm), "%.*s", TB_SYNCSNOOP_COMM_LEN, e->comm);
	tb_output_begin(&out, e->ts_ns);
	/* seconds of the monotonic clock in whole microseconds, printed "%.9f" as BCC does (so
	 * the last three digits are 0, as in BCC's output; exact in a double for any uptime) */
	tb_output_double(&out, (double)(e->ts_ns / 1000) / 1e6, 9);
	tb_output_str(&out, comm);
	tb_output_str(&out, call_name(e->call));
	tb_output_end(&out);
}

static void handle_event(void *ctx, int cpu, const void *data, unsigned int size)
{
	print_event(data);
}

/* The sync_file_range of this architecture: x86 has the first, arm64 and powerpc the second,
 * 32-bit arm the third (the BPF side compiles a probe only where its tracepoint exists) */
static const struct tb_probe probes[] = {
	{ TB_TRACEPOINT, "syscalls:sys_enter_sync" },
	{ TB_TRACEPOINT, "syscalls:sys_enter_fsync" },
	{ TB_TRACEPOINT, "syscalls:sys_enter_fdatasync" },
	{ TB_TRACEPOINT, "syscalls:sys_enter_msync" },
	{ TB_TRACEPOINT, "syscalls:sys_enter_syncfs" },
	{ TB_TRACEPOINT, "syscalls:sys_enter_sync_file_range", .flags = TB_PROBE_OPTIONAL },
	{ TB_TRACEPOINT, "syscalls:sys_enter_sync_file_range2", .flags = TB_PROBE_OPTIONAL },
	{ TB_TRACEPOINT, "syscalls:sys_enter_arm_sync_file_range", .flags = TB_PROBE_OPTIONAL },
	{ TB_PROBE_END },
};

static const struct tb_tool tool = {
	TB_TOOL_SOURCE(syncsnoop),
	.argp = &argp,
	.probes = probes,
	.events = "events",
	.on_event = handle_event,
	.event_size = sizeof(struct syncsnoop_event),
	.out = &out,
	.columns = select_columns,
};
TB_TOOL_MAIN(syncsnoop, tool)
