/* gethostlatency: host name lookups (getaddrinfo, gethostbyname[2]) and how long each took,
 * as BCC's gethostlatency prints them, from uprobes and uretprobes on libc. */
#include <argp.h>
#include <linux/types.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tracebox.h"
#include "gethostlatency.h"

_Static_assert(sizeof(struct gethostlatency_event) ==
		       16 + TB_GETHOSTLATENCY_COMM_LEN + TB_GETHOSTLATENCY_HOST_LEN,
	       "struct gethostlatency_event must have the same layout on both sides");

TB_BPF_SOURCE_DECLARE(gethostlatency);

static struct env {
	long pid;     /* -p: one process, -1 for all */
	char *binary; /* the libc (or static program) traced, malloc'd */
} env = { .pid = -1 };

const char *argp_program_version = "gethostlatency (tracebox) 0.1";
static const char doc[] =
	"Show latency for getaddrinfo/gethostbyname[2] calls.\n"
	"\n"
	"EXAMPLES:\n"
	"    gethostlatency           # time getaddrinfo/gethostbyname[2] calls\n"
	"    gethostlatency -p 181    # only trace PID 181 (a static program too)\n"
	"    gethostlatency --json    # one JSON object per lookup";

static const struct argp_option options[] = {
	{ "pid", 'p', "PID", 0, "Trace this PID only", 0 },
	{ 0 },
};

static error_t parse_opt(int key, char *arg, struct argp_state *state)
{
	int err = 0;

	switch (key) {
	case 'p':
		err = tb_parse_pid(arg, "PID", &env.pid);
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	if (err)
		tb_argp_fail(state);
	return 0;
}

static const struct argp argp = { options, parse_opt, NULL, doc, tb_common_children, NULL, NULL };

/* BCC's three, all in the same file; getaddrinfo() is the one every libc has */
static const char *const syms[] = { "getaddrinfo", "gethostbyname", "gethostbyname2" };
#define NSYMS (sizeof(syms) / sizeof(syms[0]))

/* where they are: the libc the process maps, else its own program (static); for all
 * processes the system's libc, as BCC's name="c" */
static char *find_libc(void)
{
	static const char *const libs[] = { "libc.so", "libc-" /* mapped libc-2.28.so */ };
	static const char *const names[] = { "c" };
	char *path;

	if (env.pid > 0) {
		path = tb_uprobe_binary_of_pid((pid_t)env.pid, syms[0], libs,
					       sizeof(libs) / sizeof(libs[0]));
		if (!path)
			tb_error("failed to find %s() in process %ld: neither its program nor a "
				 "libc it maps defines it (it resolves no names through libc)", syms[0],
				 env.pid);
		return path;
	}
	path = tb_uprobe_binary_of_system(syms[0], names, 1);
	if (!path)
		tb_error("failed to find %s(): no libc.so.6 here defines it (a static program "
			 "holds its own: trace it with -p PID)", syms[0]);
	return path;
}

static int prepare(struct tb_cflags *cf)
{
	if (env.pid > 0 && tb_proc_require((pid_t)env.pid, "process"))
		return -1;
	env.binary = find_libc();
	if (!env.binary)
		return -1;
	if (env.pid > 0 && tb_cflags_add(cf, "-DTARG_PID=%ld", env.pid))
		return -1;
	return 0;
}

static int attach(struct tb_prog *prog)
{
	for (size_t i = 0; i < NSYMS; i++) {
		/* a static program links only the ones it calls; musl has no gethostbyname2... */
		if (i > 0 && !tb_uprobe_has_symbol(env.binary, syms[i], -1)) {
			tb_info("%s has no %s(): not traced", env.binary, syms[i]);
			continue;
		}
		if (tb_attach_uprobe(prog, env.binary, syms[i], 0, (pid_t)env.pid,
				     "on_lookup_entry", false /* ret */) ||
		    tb_attach_uprobe(prog, env.binary, syms[i], 0, (pid_t)env.pid,
				     "on_lookup_return", true /* ret */))
			return -1;
	}
	return 0;
}

/* BCC: "%-9s %-7s %-16s %10s %s", LATms "%10.2f"; its TIME is 9 wide, one more than the
 * loader's -T column, so it is the tool's own */
static const struct tb_column columns[] = {
	{ "TIME", NULL, 9, TB_LEFT },
	{ "PID", NULL, 7, TB_LEFT },
	{ "COMM", NULL, 16, TB_LEFT },
	{ "LATms", "lat_ms", 10, TB_RIGHT },
	{ "HOST", NULL, 0, TB_LEFT },
};

static struct tb_output out;

/* wall: when the line is printed, the time BCC stamps it with */
static void print_event(const struct gethostlatency_event *e, time_t wall)
{
	char comm[TB_GETHOSTLATENCY_COMM_LEN + 1], host[TB_GETHOSTLATENCY_HOST_LEN + 1];
	char hms[16] = "??:??:??";
	struct tm tm;

	if (localtime_r(&wall, &tm))
		strftime(hms, sizeof(hms), "%H:%M:%S", &tm);
	snprintf(comm, sizeof(comm), "%.*s", TB_GETHOSTLATENCY_COMM_LEN, e->comm);
	snprintf(host, sizeof(host), "%.*s", TB_GETHOSTLATENCY_HOST_LEN, e->host);
	tb_output_begin(&out, 0);
	tb_output_str(&out, hms);
	tb_output_uint(&out, e->pid);
	tb_output_str(&out, comm);
	tb_output_double(&out, (double)e->ns / 1e6, 2);
	tb_output_str(&out, host);
	tb_output_end(&out);
}

static void handle_event(void *ctx, int cpu, const void *data, unsigned int size)
{
	print_event(data, time(NULL));
}

static void cleanup(void)
{
	free(env.binary);
	env.binary = NULL;
}

static const struct tb_tool tool = {
	TB_TOOL_SOURCE(gethostlatency),
	.argp = &argp,
	.prepare = prepare,
	.attach = attach,
	.watch_pid = &env.pid,
	.events = "events",
	.on_event = handle_event,
	.event_size = sizeof(struct gethostlatency_event),
	.out = &out,
	TB_COLUMNS(columns),
	.cleanup = cleanup,
};
TB_TOOL_MAIN(gethostlatency, tool)
