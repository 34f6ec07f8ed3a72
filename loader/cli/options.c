/* Options every tool shares, the bounded number parsers, and the -D cflags builder. */
#include <errno.h>
#include <limits.h>
#include <pwd.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tb_log.h"
#include "tb_options.h"

struct tb_common tb_common = {
	.perf_pages = 64,
	/* a wake-up per event costs the traced workload ~17x; 64 costs ~2x, and tb_prog_poll
	 * drains every buffer on each timeout so low rates still see events within ~100 ms */
	.wakeup_events = 64,
};

enum {
	OPT_JSON = 0x1000,
	OPT_DUMP_BPF,
	OPT_BPF_FILE,
	OPT_PERF_PAGES,
	OPT_WAKEUP,
	OPT_NO_MOUNT,
	OPT_NO_CACHE,
	OPT_TRUST_FILE,
	OPT_COMPILE_ONLY,
};

static const struct argp_option common_options[] = {
	{ "verbose", 'v', NULL, 0, "Say which headers, attach paths and timings were used "
				   "(-vv: libbcc debug output and verifier logs)", 0 },
	{ "json", OPT_JSON, NULL, 0, "Print one JSON object per line instead of columns", 0 },
	{ "dump-bpf", OPT_DUMP_BPF, NULL, 0, "Print the BPF C source this tool compiles, then exit", 0 },
	{ "bpf-file", OPT_BPF_FILE, "FILE", 0, "Compile FILE instead of the built-in BPF source "
					     "(start from --dump-bpf)", 0 },
	{ "trust-file", OPT_TRUST_FILE, NULL, 0, "Load a --bpf-file (tbrun: FILE) even when others "
					      "may write it (a warning says so)", 0 },
	{ "perf-pages", OPT_PERF_PAGES, "N", 0, "Perf buffer size per CPU in pages, a power of 2 "
					       "(default 64)", 0 },
	{ "wakeup", OPT_WAKEUP, "N", 0, "Wake up after N events per CPU (default 64; the buffers "
				       "are also drained every 100 ms)", 0 },
	{ "no-mount", OPT_NO_MOUNT, NULL, 0, "Never mount tracefs or debugfs", 0 },
	{ "no-cache", OPT_NO_CACHE, NULL, 0, "Compile even when the compile cache has this program", 0 },
	{ "compile-only", OPT_COMPILE_ONLY, NULL, 0, "Compile the BPF program into the compile cache, "
						     "then exit without tracing (tbdoctor --warm)", 0 },
	TB_OPTION_HELP_H,
	{ 0 },
};

static error_t parse_common(int key, char *arg, struct argp_state *state)
{
	switch (key) {
	case 'v':
		tb_log_set_verbosity(++tb_common.verbosity);
		break;
	case OPT_JSON:
		tb_common.json = true;
		break;
	case OPT_DUMP_BPF:
		tb_common.dump_bpf = true;
		break;
	case OPT_BPF_FILE:
		tb_common.bpf_file = arg;
		break;
	case OPT_PERF_PAGES:
		if (tb_parse_int(arg, 1, 1 << 16, "perf buffer page count", &tb_common.perf_pages))
			tb_argp_fail(state);
		if (tb_common.perf_pages & (tb_common.perf_pages - 1)) {
			tb_error("invalid perf buffer page count '%s': must be a power of 2", arg);
			tb_argp_fail(state);
		}
		break;
	case OPT_WAKEUP:
		if (tb_parse_int(arg, 1, 1 << 20, "wake-up batch", &tb_common.wakeup_events))
			tb_argp_fail(state);
		break;
	case OPT_NO_MOUNT:
		tb_common.no_mount = true;
		break;
	case OPT_NO_CACHE:
		tb_common.no_cache = true;
		break;
	case OPT_TRUST_FILE:
		tb_common.trust_file = true;
		break;
	case OPT_COMPILE_ONLY:
		tb_common.compile_only = true;
		break;
	case 'h':
		tb_argp_help(state);
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	return 0;
}

/* -h: BCC's tools answer it with their help, argp only --help and -?; the same text, exit 0 */
void tb_argp_help(struct argp_state *state)
{
	argp_state_help(state, state->out_stream, ARGP_HELP_STD_HELP);
}

static ssize_t discard(void *cookie, const char *buf, size_t size)
{
	(void)cookie;
	(void)buf;
	return (ssize_t)size;
}

/* argp follows a parse error with "Usage: ..." and "Try `tool --help' ..." lines on its error
 * stream; the tool (or getopt, for an unknown option) has already said in one line what is
 * wrong, and one line is what scripts and people read. Only --help and --usage, which go to
 * stdout, print usage. Last of the parsers, it also refuses the arguments no tool's parser
 * took, in the same one line for every command. */
static error_t quiet_errors(int key, char *arg, struct argp_state *state)
{
	static FILE *sink;

	if (key == ARGP_KEY_ARG) {
		tb_error("unexpected argument '%s'", arg);
		tb_argp_fail(state);
		return 0;
	}
	if (key != ARGP_KEY_INIT)
		return ARGP_ERR_UNKNOWN;
	if (!sink)
		sink = fopencookie(NULL, "w", (cookie_io_functions_t){ .write = discard });
	if (sink)
		state->err_stream = sink;
	return 0;
}

void tb_argp_fail(const struct argp_state *state)
{
	argp_state_help(state, state->err_stream, ARGP_HELP_STD_USAGE);
}

static const struct argp quiet_argp = { NULL, quiet_errors, NULL, NULL, NULL, NULL, NULL };

int tb_argp_parse(const struct argp *argp, int argc, char **argv)
{
	struct argp root = *argp;
	struct argp_child children[32] = { { 0 } };
	int n = 0;

	/* the tool's own children, then the hidden one, which adds nothing to --help and takes
	 * only what the others left */
	for (const struct argp_child *c = argp->children; c && c->argp && n < 30; c++)
		children[n++] = *c;
	children[n++] = (struct argp_child){ &quiet_argp, 0, NULL, 0 };
	root.children = children;
	/* argp wraps --help at 79 columns, which breaks the EXAMPLES lines (BCC prints its
	 * examples as written); 100 fits them. A user's own ARGP_HELP_FMT wins. */
	setenv("ARGP_HELP_FMT", "rmargin=100", 0);
	/* a background job of a script starts with SIGINT ignored: until the tool installs its
	 * handlers (at the compile), a SIGINT would be lost and the tool trace on for ever */
	static const int stop_signals[] = { SIGINT, SIGTERM };

	for (size_t i = 0; i < sizeof(stop_signals) / sizeof(stop_signals[0]); i++) {
		struct sigaction sa;

		if (!sigaction(stop_signals[i], NULL, &sa) && sa.sa_handler == SIG_IGN)
			signal(stop_signals[i], SIG_DFL);
	}
	return argp_parse(&root, argc, argv, 0, NULL, NULL) ? -1 : 0;
}

const struct argp tb_common_argp = { common_options, parse_common, NULL, NULL, NULL, NULL, NULL };
const struct argp_child tb_common_children[] = { { &tb_common_argp, 0, "Common options:", 0 }, { 0 } };

int tb_parse_long(const char *s, long min, long max, const char *what, long *out)
{
	char *end;
	long v;

	errno = 0;
	v = s ? strtol(s, &end, 10) : 0;
	if (!s || !*s || *end || errno || v < min || v > max) {
		tb_error("invalid %s '%s': expected a number from %ld to %ld", what, s ? s : "",
			 min, max);
		return -1;
	}
	*out = v;
	return 0;
}

int tb_parse_int(const char *s, int min, int max, const char *what, int *out)
{
	long v;

	if (tb_parse_long(s, min, max, what, &v))
		return -1;
	*out = (int)v;
	return 0;
}

int tb_parse_pid(const char *s, const char *what, long *out)
{
	/* PID_MAX_LIMIT on 64-bit kernels: the largest pid_max can be set to */
	return tb_parse_long(s, 1, 4194304, what, out);
}

int tb_parse_user(const char *s, long *uid)
{
	struct passwd *pw;

	if (s[0] >= '0' && s[0] <= '9')
		return tb_parse_long(s, 0, 0xfffffffe, "UID", uid);
	pw = getpwnam(s);
	if (!pw) {
		tb_error("invalid user '%s': no such user", s);
		return -1;
	}
	*uid = pw->pw_uid;
	return 0;
}

int tb_parse_duration_arg(const char *arg, unsigned int arg_num, long *out_ms)
{
	if (arg_num > 0) {
		tb_error("unexpected argument '%s'", arg);
		return -1;
	}
	return tb_parse_seconds(arg, 365 * 86400.0, "duration", out_ms);
}

int tb_parse_seconds(const char *s, double max_s, const char *what, long *out_ms)
{
	char *end;
	double v;

	errno = 0;
	v = s ? strtod(s, &end) : 0;
	if (!s || !*s || *end || errno || !(v > 0) || v > max_s) {
		tb_error("invalid %s '%s': expected seconds, more than 0 and at most %.0f", what,
			 s ? s : "", max_s);
		return -1;
	}
	*out_ms = (long)(v * 1000 + 0.5);
	if (*out_ms == 0)
		*out_ms = 1;
	return 0;
}

int tb_cflags_add(struct tb_cflags *cf, const char *fmt, ...)
{
	va_list ap;
	char *s;
	int n;

	if (cf->n >= TB_MAX_CFLAGS) {
		tb_error("too many BPF compile flags (at most %d)", TB_MAX_CFLAGS);
		return -1;
	}
	va_start(ap, fmt);
	n = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (n < 0)
		return -1;
	cf->argv[cf->n++] = s;
	return 0;
}

int tb_cflags_pid_tid(struct tb_cflags *cf, long pid, long tid)
{
	if (tid > 0)
		return tb_cflags_add(cf, "-DTARG_TID=%ld", tid);
	if (pid > 0)
		return tb_cflags_add(cf, "-DTARG_PID=%ld", pid);
	return 0;
}

void tb_cflags_free(struct tb_cflags *cf)
{
	for (int i = 0; i < cf->n; i++)
		free(cf->argv[i]);
	cf->n = 0;
}

bool tb_invoked_as(const char *argv0, const char *name)
{
	const char *slash = strrchr(argv0, '/');

	return strstr(slash ? slash + 1 : argv0, name) != NULL;
}
