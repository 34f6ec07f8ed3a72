/* sigsnoop: trace signals as libbpf-tools' sigsnoop does; invoked as killsnoop, trace the kill
 * syscalls with BCC killsnoop's flags and columns. */
#include <argp.h>
#include <limits.h>
#include <linux/types.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tracebox.h"
#include "sigsnoop.h"

_Static_assert(sizeof(struct sigsnoop_event) == 20 + 2 * TB_SIGSNOOP_COMM_LEN,
	       "struct sigsnoop_event must have the same layout on both sides");

TB_BPF_SOURCE_DECLARE(sigsnoop);

#define PID_MAX_LIMIT 4194304 /* the kernel's upper bound for /proc/sys/kernel/pid_max */

static struct env {
	bool killsnoop;   /* invoked as killsnoop: kill syscalls, BCC killsnoop's columns */
	bool kill_only;   /* -k */
	bool failed;      /* -x */
	bool names;       /* -n: signal names instead of numbers */
	bool print_uid;   /* -U */
	long pid;         /* -p sender, -1 = all */
	long tpid;        /* -T target, LONG_MIN = all */
	uint64_t sigs;    /* -s: bit n-1 = signal n; 0 = all */
	const char *comm; /* --comm: sender's comm contains this */
} env = { .pid = -1, .tpid = LONG_MIN };

const char *argp_program_version = "sigsnoop (tracebox) 0.1";

static const char sigsnoop_doc[] =
	"Trace standard and real-time signals.\n"
	"\n"
	"EXAMPLES:\n"
	"    sigsnoop             # trace signals system-wide\n"
	"    sigsnoop -k          # trace signals issued by kill syscall only\n"
	"    sigsnoop -x          # trace failed signals only\n"
	"    sigsnoop -p 1216     # only trace PID 1216\n"
	"    sigsnoop -s 1,9,15   # trace signal 1, 9, 15\n"
	"    sigsnoop -s TERM,USR1 -n   # names work too; print names\n"
	"    sigsnoop -T 189      # only signals to target PID 189\n"
	"    sigsnoop --json      # one JSON object per signal\n"
	"    sigsnoop --dump-bpf > my.bpf.c; sigsnoop --bpf-file my.bpf.c  # edit and rerun";

static const char killsnoop_doc[] =
	"Trace signals issued by the kill() syscall.\n"
	"\n"
	"EXAMPLES:\n"
	"    killsnoop           # trace all kill() signals\n"
	"    killsnoop -x        # only show failed kills\n"
	"    killsnoop -p 181    # only trace PID 181\n"
	"    killsnoop -T 189    # only trace target PID 189\n"
	"    killsnoop -s 9      # only trace signal 9\n"
	"    killsnoop -s 9,15   # trace signal 9 and 15\n"
	"    killsnoop --json    # one JSON object per kill";

enum { OPT_COMM = 0x100 };

static const struct argp_option options[] = {
	{ "failed", 'x', NULL, 0, "Trace failed signals only", 0 },
	{ "kill", 'k', NULL, 0, "Trace signals issued by kill syscall only (killsnoop's default)", 0 },
	{ "pid", 'p', "PID", 0, "Trace this PID only which is the sender of signal", 0 },
	{ "tpid", 'T', "TPID", 0, "Trace this target PID only which is the receiver of signal", 0 },
	{ "signal", 's', "SIGNAL", 0, "Signals to trace: numbers or names, comma-separated", 0 },
	{ "name", 'n', NULL, 0, "Output signal name instead of signal number", 0 },
	{ "print-uid", 'U', NULL, 0, "Print the sender's UID column", 0 },
	{ "comm", OPT_COMM, "NAME", 0, "Only senders whose name contains NAME (-n is taken: "
				       "signal names, as in libbpf-tools)", 0 },
	{ 0 },
};

/* "9,TERM,SIGUSR1" -> mask with bits 8, 14 and 9. One line and -1 on a bad name. */
static int parse_signals(const char *arg, uint64_t *mask)
{
	const char *p = arg;
	char name[32];

	*mask = 0;
	do {
		size_t n = strcspn(p, ",");
		int sig;

		snprintf(name, sizeof(name), "%.*s", (int)n, p);
		sig = n < sizeof(name) ? tb_signal_number(name) : -1;
		if (sig < 1 || sig > TB_SIGSNOOP_MAX_SIG) {
			tb_error("invalid signal '%.*s': expected a name (TERM, SIGTERM) or a number "
				 "from 1 to %d", (int)n, p, TB_SIGSNOOP_MAX_SIG);
			return -1;
		}
		*mask |= 1ull << (sig - 1);
		p += n;
	} while (*p++ == ',');
	return 0;
}

static error_t parse_opt(int key, char *arg, struct argp_state *state)
{
	int err = 0;

	switch (key) {
	case ARGP_KEY_INIT: /* before any option: --version and --help say which of the two */
		/* killsnoop is this program under another name, as libbpf-tools' link is */
		env.killsnoop = tb_invoked_as(state->argv[0], "killsnoop");
		argp_program_version = env.killsnoop ? "killsnoop (tracebox) 0.1" :
						       "sigsnoop (tracebox) 0.1";
		break;
	case 'x': env.failed = true; break;
	case 'k': env.kill_only = true; break;
	case 'p': err = tb_parse_pid(arg, "PID", &env.pid); break;
	/* negative: kill(-PGID) signals a process group, and BCC compares the raw argument */
	case 'T': err = tb_parse_long(arg, -PID_MAX_LIMIT, PID_MAX_LIMIT, "TPID", &env.tpid); break;
	case 's': err = parse_signals(arg, &env.sigs); break;
	case 'n': env.names = true; break;
	case 'U': env.print_uid = true; break;
	case OPT_COMM: env.comm = arg; break;
	case ARGP_KEY_END:
		if (env.killsnoop)
			env.kill_only = true;
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	if (err)
		tb_argp_fail(state);
	return 0;
}

/* killsnoop's own description and examples in its --help */
static char *help_filter(int key, const char *text, void *input)
{
	if (key == ARGP_KEY_HELP_PRE_DOC && env.killsnoop)
		return strdup(killsnoop_doc); /* argp frees what differs from text */
	return (char *)text;
}

static const struct argp argp = { options, parse_opt, NULL, sigsnoop_doc, tb_common_children,
				  help_filter, NULL };

/*
 * Output. sigsnoop: libbpf-tools' "%-8s %-7d %-16s %-12s %-7d %-16s %-6d". killsnoop: BCC's
 * "%-9s %-*d %-16s %-4d %-*d %d", its PID width one more than pid_max's digits.
 */
enum { COL_TIME, COL_UID, COL_PID, COL_COMM, COL_SIG, COL_TPID, COL_TCOMM, COL_RESULT, NCOLS };

static struct tb_column columns[NCOLS] = {
	[COL_TIME] = { "TIME", NULL, 8, TB_LEFT },
	[COL_UID] = { "UID", NULL, 6, TB_LEFT },
	[COL_PID] = { "PID", NULL, 7, TB_LEFT },
	[COL_COMM] = { "COMM", NULL, 16, TB_LEFT },
	[COL_SIG] = { "SIG", NULL, 12, TB_LEFT },
	[COL_TPID] = { "TPID", NULL, 7, TB_LEFT },
	[COL_TCOMM] = { "TCOMM", NULL, 16, TB_LEFT },
	[COL_RESULT] = { "RESULT", NULL, 0, TB_LEFT },
};
static int pid_width(void)
{
	FILE *f = fopen("/proc/sys/kernel/pid_max", "r");
	char buf[32];
	int width = 6; /* BCC's default when pid_max cannot be read */

	if (f && fgets(buf, sizeof(buf), f))
		width = (int)strcspn(buf, "\n") + 1;
	if (f)
		fclose(f);
	return width;
}

static const struct tb_column *select_columns(int *n, enum tb_time_mode *time)
{
	static struct tb_column shown[NCOLS];
	int nshown = 0;

	if (env.killsnoop) {
		columns[COL_TIME].width = 9;
		columns[COL_PID].width = columns[COL_TPID].width = pid_width();
		columns[COL_SIG].width = env.names ? 9 : 4;
	}
	for (int i = 0; i < NCOLS; i++) {
		if (i == COL_UID && !env.print_uid)
			continue;
		if (i == COL_TCOMM && env.killsnoop)
			continue;
		shown[nshown++] = columns[i];
	}
	*n = nshown;
	return shown;
}

static struct tb_output out;

static void print_event(const struct sigsnoop_event *e)
{
	char comm[TB_SIGSNOOP_COMM_LEN + 1], tcomm[TB_SIGSNOOP_COMM_LEN + 1], hms[16] = "";
	const char *name = tb_signal_name(e->sig);
	time_t now = time(NULL);
	struct tm tm;

	/* BCC stamps each line when it prints it */
	if (localtime_r(&now, &tm))
		strftime(hms, sizeof(hms), "%H:%M:%S", &tm);
	snprintf(comm, sizeof(comm), "%.*s", TB_SIGSNOOP_COMM_LEN, e->comm);
	if (env.comm && !strstr(comm, env.comm))
		return;
	snprintf(tcomm, sizeof(tcomm), "%.*s", TB_SIGSNOOP_COMM_LEN,
		 e->tcomm[0] ? e->tcomm : "N/A");

	tb_output_begin(&out, 0);
	tb_output_str(&out, hms);
	if (env.print_uid)
		tb_output_uint(&out, e->uid);
	tb_output_uint(&out, e->pid);
	tb_output_str(&out, comm);
	if (env.names)
		tb_output_str(&out, name ? name : "N/A");
	else
		tb_output_int(&out, e->sig);
	tb_output_int(&out, e->tpid);
	if (!env.killsnoop)
		tb_output_str(&out, tcomm);
	tb_output_int(&out, e->ret);
	tb_output_end(&out);
}

static void handle_event(void *ctx, int cpu, const void *data, unsigned int size)
{
	print_event(data);
}

static int build_cflags(struct tb_cflags *cf)
{
	if (env.pid >= 0 && tb_cflags_add(cf, "-DTARG_PID=%ld", env.pid))
		return -1;
	if (env.tpid != LONG_MIN && tb_cflags_add(cf, "-DTARG_TPID=%ld", env.tpid))
		return -1;
	if (env.sigs && tb_cflags_add(cf, "-DTARG_SIGS=0x%llxULL", (unsigned long long)env.sigs))
		return -1;
	if (env.failed && tb_cflags_add(cf, "-DFAILED_ONLY=1"))
		return -1;
	if (env.kill_only && tb_cflags_add(cf, "-DKILL_SYSCALLS=1"))
		return -1;
	/* killsnoop has no TCOMM column: no need to watch every generated signal */
	if (env.kill_only && !env.killsnoop && tb_tracepoint_exists("signal:signal_generate") &&
	    tb_cflags_add(cf, "-DWITH_TCOMM=1"))
		return -1;
	return 0;
}

static const struct tb_probe signal_generate = { TB_TRACEPOINT, "signal:signal_generate" };

/* -k and killsnoop: kill() is the one every architecture has; the others are extras */
static const struct tb_probe kill_probes[] = {
	{ TB_TRACEPOINT, "syscalls:sys_enter_kill" },
	{ TB_TRACEPOINT, "syscalls:sys_exit_kill" },
	{ TB_TRACEPOINT, "syscalls:sys_enter_tkill", .flags = TB_PROBE_OPTIONAL },
	{ TB_TRACEPOINT, "syscalls:sys_exit_tkill", .flags = TB_PROBE_OPTIONAL },
	{ TB_TRACEPOINT, "syscalls:sys_enter_tgkill", .flags = TB_PROBE_OPTIONAL },
	{ TB_TRACEPOINT, "syscalls:sys_exit_tgkill", .flags = TB_PROBE_OPTIONAL },
	{ TB_PROBE_END },
};

static int attach(struct tb_prog *prog)
{
	if (!env.kill_only) {
		tb_info("tracing every generated signal (signal:signal_generate)");
		return tb_probe_attach(prog, &signal_generate);
	}
	tb_info("tracing the kill(), tkill() and tgkill() syscalls");
	if (tb_probes_attach(prog, kill_probes))
		return -1;
	/* sigsnoop -k: the target's comm, where the kernel has the tracepoint (WITH_TCOMM) */
	if (!env.killsnoop && tb_tracepoint_exists(signal_generate.target))
		return tb_probe_attach(prog, &signal_generate);
	return 0;
}

static const struct tb_tool tool = {
	TB_TOOL_SOURCE(sigsnoop),
	.argp = &argp,
	.prepare = build_cflags,
	.attach = attach,
	.events = "events",
	.on_event = handle_event,
	.event_size = sizeof(struct sigsnoop_event),
	.out = &out,
	.columns = select_columns,
};
TB_TOOL_MAIN(sigsnoop, tool)
