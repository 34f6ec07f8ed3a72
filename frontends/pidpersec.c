/* pidpersec: new processes per second (forks, threads included), as BCC's pidpersec. */
#include <argp.h>
#include <linux/types.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "tracebox.h"
#include "pidpersec.h"

TB_BPF_SOURCE_DECLARE(pidpersec);

const char *argp_program_version = "pidpersec (tracebox) 0.1";
static const char doc[] =
	"Count new processes (via fork), one line a second.\n"
	"\n"
	"EXAMPLES:\n"
	"    pidpersec                 # new processes per second, until Ctrl-C\n"
	"    pidpersec --json          # one JSON object per second";

/* BCC's pidpersec takes no options nor arguments: the common options only (the loader
 * refuses an argument) */
static const struct argp argp = { NULL, NULL, NULL, doc, tb_common_children, NULL, NULL };

static __u64 last; /* the total at the previous line */

/* "HH:MM:SS: PIDs/sec: N" (JSON: {"time":"HH:MM:SS","pids_per_sec":N}); line is text for the
 * total's growth since the previous line. Pure, for the unit test. */
static void format_line(char *line, size_t len, time_t now, __u64 count, bool json)
{
	char hms[16] = "";
	struct tm tm;

	if (localtime_r(&now, &tm))
		strftime(hms, sizeof(hms), "%H:%M:%S", &tm);
	if (json)
		snprintf(line, len, "{\"time\":\"%s\",\"pids_per_sec\":%llu}", hms,
			 (unsigned long long)count);
	else
		snprintf(line, len, "%s: PIDs/sec: %llu", hms, (unsigned long long)count);
}

static int print_second(void *ctx, FILE *fp, time_t now)
{
	int fd = tb_table_fd(ctx, "stats"), err;
	__u32 slot = TB_PIDPERSEC_SLOT;
	__u64 total = 0;
	char line[96];

	if (fd < 0)
		return -1;
	err = tb_map_lookup(fd, &slot, &total);
	if (err) {
		tb_error("failed to read map 'stats': %s", strerror(-err));
		return -1;
	}
	/* Ctrl-C ends the second early: BCC prints no line for it, nor is a rate one */
	if (tb_should_stop())
		return 0;
	format_line(line, sizeof(line), now, total - last, tb_common.json);
	last = total;
	fprintf(fp, "%s\n", line);
	return 0;
}

/* a line a second until Ctrl-C: BCC has no interval or count arguments */
static struct tb_interval_opts interval = { .interval_ms = 1000, .print = print_second,
					    .lines = true };

/* BCC's own words (not the loader's "Tracing X... Hit Ctrl-C to end.") */
static void print_banner(void)
{
	if (!tb_common.json) {
		printf("Tracing... Ctrl-C to end.\n");
		fflush(stdout);
	}
}

static const struct tb_probe probes[] = {
	{ TB_TRACEPOINT, "sched:sched_process_fork" },
	{ TB_PROBE_END },
};

static const struct tb_tool tool = {
	TB_TOOL_SOURCE(pidpersec),
	.argp = &argp,
	.probes = probes,
	.before_header = print_banner,
	.interval = &interval,
};
TB_TOOL_MAIN(pidpersec, tool)
