/* execsnoop: trace new processes through exec() syscalls, as BCC's execsnoop does. */
#include <argp.h>
#include <linux/types.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tracebox.h"
#include "execsnoop.h"

_Static_assert(sizeof(struct execsnoop_head) == 32 + TB_EXECSNOOP_COMM_LEN &&
	       sizeof(struct execsnoop_event) == sizeof(struct execsnoop_head) + TB_EXECSNOOP_ARGS_BUF,
	       "struct execsnoop_event must have the same layout on both sides");

TB_BPF_SOURCE_DECLARE(execsnoop);

static struct env {
	enum tb_time_mode time_mode;
	bool fails;        /* -x */
	long uid;          /* -u, -1 = all */
	bool quote;        /* -q */
	const char *name;  /* -n regex on comm */
	const char *line;  /* -l regex on the argument text */
	bool print_uid;    /* -U */
	int max_args;      /* --max-args */
	long ppid;         /* -P, -1 = all */
	regex_t name_re, line_re;
	bool name_re_ok, line_re_ok; /* compiled, so to be freed */
} env = { .uid = -1, .max_args = TB_EXECSNOOP_DEFAULT_ARGS, .ppid = -1 };

const char *argp_program_version = "execsnoop (tracebox) 0.1";
static const char doc[] =
	"Trace exec() syscalls.\n"
	"\n"
	"EXAMPLES:\n"
	"    execsnoop           # trace all exec() syscalls\n"
	"    execsnoop -x        # include failed exec()s\n"
	"    execsnoop -T        # include time (HH:MM:SS)\n"
	"    execsnoop -P 181    # only trace new processes whose parent PID is 181\n"
	"    execsnoop -U        # include UID\n"
	"    execsnoop -u 1000   # only trace UID 1000\n"
	"    execsnoop -u user   # get user UID and trace only them\n"
	"    execsnoop -t        # include timestamps\n"
	"    execsnoop -q        # add \"quotemarks\" around arguments\n"
	"    execsnoop -n main   # only print command lines containing \"main\"\n"
	"    execsnoop -l tpkg   # only print command where arguments contains \"tpkg\"\n"
	"    execsnoop --json    # one JSON object per exec\n"
	"    execsnoop --cgroupmap /sys/fs/bpf/cgroupset  # only the cgroups in this BPF map\n"
	"    execsnoop --mntnsmap /sys/fs/bpf/mntnsset    # only these mount namespaces\n"
	"    execsnoop --dump-bpf > my.bpf.c; execsnoop --bpf-file my.bpf.c  # edit and rerun";

enum { OPT_MAX_ARGS = 0x100 };

static const struct argp_option options[] = {
	{ "time", 'T', NULL, 0, "Include time column on output (HH:MM:SS)", 0 },
	{ "timestamp", 't', NULL, 0, "Include timestamp on output", 0 },
	{ "fails", 'x', NULL, 0, "Include failed exec()s", 0 },
	{ "uid", 'u', "USER", 0, "Trace this UID only (a number or a user name)", 0 },
	{ "quote", 'q', NULL, 0, "Add quotemarks (\") around arguments", 0 },
	{ "name", 'n', "NAME", 0, "Only print commands matching this name (regex)", 0 },
	{ "line", 'l', "LINE", 0, "Only print commands where arg contains this line (regex)", 0 },
	{ "print-uid", 'U', NULL, 0, "Print UID column", 0 },
	{ "max-args", OPT_MAX_ARGS, "MAX_ARGS", 0, "Maximum number of arguments parsed and "
						   "displayed, defaults to 20", 0 },
	{ "ppid", 'P', "PPID", 0, "Trace this parent PID only", 0 },
	{ 0 },
};

static int compile_regex(regex_t *re, const char *pattern, const char *what)
{
	char msg[128];
	int err = regcomp(re, pattern, REG_EXTENDED | REG_NOSUB);

	if (err) {
		regerror(err, re, msg, sizeof(msg));
		tb_error("invalid %s regex '%s': %s", what, pattern, msg);
		return -1;
	}
	return 0;
}

static void free_regexes(void)
{
	if (env.name_re_ok)
		regfree(&env.name_re);
	if (env.line_re_ok)
		regfree(&env.line_re);
	env.name_re_ok = env.line_re_ok = false;
}

/* -n and -l, once the options are read (a second parse, in the unit tests, replaces them) */
static int compile_regexes(void)
{
	free_regexes();
	env.name_re_ok = env.name && !compile_regex(&env.name_re, env.name, "name");
	if (env.name && !env.name_re_ok)
		return -1;
	env.line_re_ok = env.line && !compile_regex(&env.line_re, env.line, "line");
	if (env.line && !env.line_re_ok) {
		free_regexes();
		return -1;
	}
	return 0;
}

static error_t parse_opt(int key, char *arg, struct argp_state *state)
{
	int err = 0;

	switch (key) {
	case 'T': env.time_mode = TB_TIME_CLOCK; break;
	case 't': env.time_mode = TB_TIME_RELATIVE; break;
	case 'x': env.fails = true; break;
	case 'u': err = tb_parse_user(arg, &env.uid); break;
	case 'q': env.quote = true; break;
	case 'n': env.name = arg; break;
	case 'l': env.line = arg; break;
	case 'U': env.print_uid = true; break;
	case OPT_MAX_ARGS:
		err = tb_parse_int(arg, 1, TB_EXECSNOOP_MAX_ARGS, "--max-args", &env.max_args);
		break;
	case 'P': err = tb_parse_pid(arg, "PPID", &env.ppid); break;
	case ARGP_KEY_END: err = compile_regexes(); break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	if (err)
		tb_argp_fail(state);
	return 0;
}

static const struct argp argp = { options, parse_opt, NULL, doc, tb_container_children, NULL, NULL };

static const struct tb_column uid_columns[] = {
	{ "UID", NULL, 6, TB_LEFT },
	{ "PCOMM", NULL, 16, TB_LEFT },
	{ "PID", NULL, 7, TB_LEFT },
	{ "PPID", NULL, 7, TB_LEFT },
	{ "RET", NULL, 3, TB_RIGHT },
	{ "ARGS", NULL, 0, TB_LEFT },
};
static const struct tb_column *columns(int *n, enum tb_time_mode *time)
{
	*n = env.print_uid ? 6 : 5;
	*time = env.time_mode;
	return env.print_uid ? uid_columns : uid_columns + 1; /* without -U: minus the first */
}

static struct tb_output out;

/* The path exec'd, then argv[1..]: BCC's ARGS column. The kernel sends path, argv[0], argv[1]...
 * Returns the text's length. */
static size_t format_args(char *out, size_t len, const struct execsnoop_event *e, size_t used)
{
	size_t path_end = tb_next_string(e->args, used, 0);
	size_t n = tb_format_argv(out, len, e->args, path_end, 1, env.quote, false);
	size_t rest = tb_next_string(e->args, used, path_end);
	bool truncated = e->h.flags & TB_EXECSNOOP_TRUNCATED;

	if (n + 1 >= len || (rest >= used && !truncated))
		return n;
	if (env.max_args == 1 || rest >= used)
		return n + snprintf(out + n, len - n, " ...");
	out[n++] = ' ';
	return n + tb_format_argv(out + n, len - n, e->args + rest, used - rest, env.max_args - 1,
				  env.quote, truncated);
}

/* One exec: its ARGS event (args_size bytes of args) and its RETURN event's result and comm. */
static void print_exec(const struct execsnoop_event *e, const struct execsnoop_head *ret)
{
	static char args[TB_EXECSNOOP_ARGS_BUF * 2 + 16];
	char comm[TB_EXECSNOOP_COMM_LEN + 1];

	if (ret->retval < 0 && !env.fails)
		return;
	snprintf(comm, sizeof(comm), "%.*s", TB_EXECSNOOP_COMM_LEN, ret->comm);
	format_args(args, sizeof(args), e, e->h.args_size);
	if (env.name && regexec(&env.name_re, comm, 0, NULL, 0))
		return;
	if (env.line && regexec(&env.line_re, args, 0, NULL, 0))
		return;

	tb_output_begin(&out, 0);
	if (env.print_uid)
		tb_output_uint(&out, e->h.uid);
	tb_output_str(&out, comm);
	tb_output_uint(&out, e->h.pid);
	tb_output_uint(&out, e->h.ppid);
	tb_output_int(&out, ret->retval);
	tb_output_str(&out, args);
	tb_output_end(&out);
}

/* The execs whose two halves have not both arrived. Each CPU has its own perf buffer, and an
 * exec may return on another CPU than it started on (exec itself migrates to balance load),
 * so either half can come first. Few execs are ever in flight: a short list does. */
#define MAX_PENDING 1024
#define PENDING_NS 5000000000ull /* a half alone this long lost its other half */
struct pending {
	struct pending *next;
	uint64_t since_ns;
	bool have_args, have_return;
	struct execsnoop_head ret;
	struct execsnoop_event *args; /* malloc'd, sized to what arrived */
};
static struct pending *pending;
static int npending;

static void pending_free(struct pending **link)
{
	struct pending *p = *link;

	*link = p->next;
	free(p->args);
	free(p);
	npending--;
}

/* Halves alone too long: an ARGS whose exec never returned (the process was killed) is
 * dropped, a RETURN whose ARGS was lost is printed with what it has. */
static void pending_expire(uint64_t now)
{
	for (struct pending **link = &pending; *link;) {
		struct pending *p = *link;

		if (now - p->since_ns < PENDING_NS && npending < MAX_PENDING) {
			link = &p->next;
			continue;
		}
		if (p->have_return) {
			struct execsnoop_event none = { .h = p->ret };

			none.h.args_size = 0;
			print_exec(&none, &p->ret);
		}
		pending_free(link);
	}
}

static struct pending **pending_find(uint32_t pid)
{
	struct pending **link = &pending;

	while (*link && (*link)->ret.pid != pid)
		link = &(*link)->next;
	return link;
}

static void handle_event(void *ctx, int cpu, const void *data, unsigned int size)
{
	const struct execsnoop_event *e = data;
	uint64_t now = tb_monotonic_ns();
	struct pending **link, *p;

	pending_expire(now);
	link = pending_find(e->h.pid);
	p = *link;
	if (!p) {
		p = calloc(1, sizeof(*p));
		if (!p)
			return;
		p->ret.pid = e->h.pid;
		p->since_ns = now;
		p->next = pending;
		pending = p;
		npending++;
		link = &pending;
	}
	if (e->h.kind == TB_EXECSNOOP_ARGS && !p->have_args) {
		size_t used = e->h.args_size;

		if (used > size - sizeof(e->h))
			used = size - sizeof(e->h);
		p->args = malloc(sizeof(e->h) + used);
		if (!p->args)
			return;
		memcpy(p->args, e, sizeof(e->h) + used);
		p->args->h.args_size = used;
		p->have_args = true;
	} else if (e->h.kind == TB_EXECSNOOP_RETURN && !p->have_return) {
		p->ret = e->h;
		p->have_return = true;
	}
	if (p->have_args && p->have_return) {
		print_exec(p->args, &p->ret);
		pending_free(link);
	}
}

static int build_cflags(struct tb_cflags *cf)
{
	if (tb_cflags_add(cf, "-DMAX_ARGS=%d", env.max_args))
		return -1;
	if (env.uid >= 0 && tb_cflags_add(cf, "-DTARG_UID=%ld", env.uid))
		return -1;
	if (env.ppid >= 0 && tb_cflags_add(cf, "-DTARG_PPID=%ld", env.ppid))
		return -1;
	return 0;
}

/* execveat is missing on some architectures and old kernels: execve is enough (the program
 * compiles its probes only where they exist: TB_TP_ in tb_bpf.h) */
static const struct tb_probe probes[] = {
	{ TB_TRACEPOINT, "sched:sched_process_exec" },
	{ TB_TRACEPOINT, "syscalls:sys_enter_execve" },
	{ TB_TRACEPOINT, "syscalls:sys_exit_execve" },
	{ TB_TRACEPOINT, "syscalls:sys_enter_execveat", .flags = TB_PROBE_OPTIONAL },
	{ TB_TRACEPOINT, "syscalls:sys_exit_execveat", .flags = TB_PROBE_OPTIONAL },
	{ TB_PROBE_END },
};

static void cleanup(void)
{
	pending_expire(UINT64_MAX); /* the halves still waiting: a lone RETURN is printed */
	free_regexes();
}

static const struct tb_tool tool = {
	TB_TOOL_SOURCE(execsnoop),
	.argp = &argp,
	.prepare = build_cflags,
	.probes = probes,
	.events = "events",
	.on_event = handle_event,
	.event_size = sizeof(struct execsnoop_head),
	.out = &out,
	.columns = columns,
	.cleanup = cleanup,
};
TB_TOOL_MAIN(execsnoop, tool)
