/* bashreadline: print the commands typed into every running bash, as BCC's bashreadline does. */
#include <argp.h>
#include <errno.h>
#include <linux/types.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tracebox.h"
#include "bashreadline.h"

_Static_assert(sizeof(struct bashreadline_event) == 8 + TB_BASHREADLINE_LINE_LEN,
	       "struct bashreadline_event must have the same layout on both sides");

TB_BPF_SOURCE_DECLARE(bashreadline);

#define TB_BASH_PATH "/bin/bash"

static struct env {
	const char *shared; /* -s PATH: the binary or library holding readline */
	bool shared_lib;    /* -s alone: the libreadline bash is linked with, not bash */
	char *binary;       /* where readline() was found (malloc'd) */
	const char *symbol; /* and under which name */
} env;

const char *argp_program_version = "bashreadline (tracebox) 0.1";
static const char doc[] =
	"Print entered bash commands from all running shells.\n"
	"\n"
	"EXAMPLES:\n"
	"    bashreadline                                  # trace every bash's command lines\n"
	"    bashreadline -s /usr/lib/libreadline.so.8     # readline is in this library\n"
	"    bashreadline -s                               # in bash's libreadline.so\n"
	"    bashreadline --json                           # one JSON object per command";

static const struct argp_option options[] = {
	{ "shared", 's', "PATH", OPTION_ARG_OPTIONAL, "The binary or libreadline.so holding "
				    "readline() (default: /bin/bash, or the libreadline it is linked "
				    "with; -s alone: that libreadline)", 0 },
	{ 0 },
};

static error_t parse_opt(int key, char *arg, struct argp_state *state)
{
	switch (key) {
	case 's':
		env.shared = arg;
		env.shared_lib = !arg;
		break;
	case ARGP_KEY_ARG:
		/* BCC's "-s PATH": argp gives an optional argument only as -sPATH or --shared=PATH */
		if (env.shared_lib && state->arg_num == 0) {
			env.shared = arg;
			env.shared_lib = false;
			break;
		}
		return ARGP_ERR_UNKNOWN; /* the loader refuses it */
	default:
		return ARGP_ERR_UNKNOWN;
	}
	return 0;
}

static const struct argp argp = { options, parse_opt, NULL, doc, tb_common_children, NULL, NULL };

/* Where readline() is: -s, else bash itself, else the libreadline bash is linked with. The
 * function is readline_internal_teardown() where exported (it returns the same line, and
 * BCC prefers it), else readline(). Returns 0 with *binary malloc'd. */
static int find_readline(char **binary, const char **symbol)
{
	static const char *const names[] = { "readline_internal_teardown", "readline" };
	const char *bin = env.shared ? env.shared : TB_BASH_PATH;
	char *lib = NULL;

	if (access(bin, R_OK)) {
		tb_error("failed to open '%s': %s", bin, strerror(errno));
		return -1;
	}
	if (!env.shared && (env.shared_lib || !tb_uprobe_has_symbol(bin, "readline", -1))) {
		lib = tb_elf_needed_path(bin, "libreadline.so");
		if (!lib) {
			tb_error("failed to find readline() in '%s': it %sis not linked with "
				 "libreadline; name the library with -s PATH", bin,
				 env.shared_lib ? "" : "does not export it and ");
			return -1;
		}
		tb_info("%s: using %s, which %s is linked with", env.shared_lib ? "-s" :
			"bash does not export readline()", lib, bin);
		bin = lib;
	}
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (tb_uprobe_has_symbol(bin, names[i], -1)) {
			*symbol = names[i];
			*binary = lib ? lib : strdup(bin);
			tb_info("tracing the return of %s() in %s", names[i], bin);
			return 0;
		}
	tb_error("failed to find readline() in '%s': not exported there (check with: nm -D %s)",
		 bin, bin);
	free(lib);
	return -1;
}

static const struct tb_column columns[] = {
	{ "PID", NULL, 7, TB_LEFT },
	{ "COMMAND", NULL, 0, TB_LEFT },
};

static struct tb_output out;

static void handle_event(void *ctx, int cpu, const void *data, unsigned int size)
{
	const struct bashreadline_event *e = data;
	char line[TB_BASHREADLINE_LINE_LEN + 1];

	snprintf(line, sizeof(line), "%.*s", TB_BASHREADLINE_LINE_LEN, e->line);
	tb_output_begin(&out, 0);
	tb_output_uint(&out, e->pid);
	tb_output_str(&out, line);
	tb_output_end(&out);
}

/* the one check before compiling (the program needs no -D flags) */
static int prepare(struct tb_cflags *cf)
{
	return find_readline(&env.binary, &env.symbol);
}

static int attach(struct tb_prog *prog)
{
	return tb_attach_uprobe(prog, env.binary, env.symbol, 0, -1, "on_readline_return",
				true /* ret */);
}

static void cleanup(void)
{
	free(env.binary);
	env.binary = NULL;
}

static const struct tb_tool tool = {
	TB_TOOL_SOURCE(bashreadline),
	.argp = &argp,
	.prepare = prepare,
	.attach = attach,
	.events = "events",
	.on_event = handle_event,
	.event_size = sizeof(struct bashreadline_event),
	.out = &out,
	TB_COLUMNS(columns),
	.time_mode = TB_TIME_CLOCK, /* BCC's first column is always the wall-clock TIME */
	.cleanup = cleanup,
};
TB_TOOL_MAIN(bashreadline, tool)
