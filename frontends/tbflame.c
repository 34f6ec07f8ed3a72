/* tbflame: folded stacks (from profile -f, stackcount -f, offcputime -f, or any tool that
 * writes Brendan Gregg's format) to a self-contained interactive flame graph, without Perl. */
#include <argp.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tracebox.h"

static struct env {
	struct tb_flame_opts flame;
	const char **files;
	int nfiles;
} env;

const char *argp_program_version = "tbflame (tracebox) 0.1";
static const char doc[] =
	"Draw folded stacks (\"frame;frame;frame COUNT\" lines) as an interactive flame graph: one "
	"SVG file on stdout, with titles on hover and click to zoom.\n"
	"\n"
	"EXAMPLES:\n"
	"    profile -f 10 > out.folded; tbflame out.folded > cpu.svg   # a CPU flame graph\n"
	"    profile --svg cpu.svg 10                     # the same in one step\n"
	"    stackcount -f -D 5 c:malloc | tbflame --title 'malloc() callers' > malloc.svg\n"
	"    tbflame --countname us offcpu.folded > offcpu.svg  # counts are microseconds\n"
	"    open cpu.svg#zoom=hot_function               # zoomed on a frame when opened";

enum { OPT_TITLE = 0x100, OPT_COUNTNAME, OPT_WIDTH };

static const struct argp_option options[] = {
	{ "title", OPT_TITLE, "TEXT", 0, "Title at the top (default \"Flame Graph\")", 0 },
	{ "countname", OPT_COUNTNAME, "NAME", 0, "What a count is, in the titles (default "
						"\"samples\")", 0 },
	{ "width", OPT_WIDTH, "PIXELS", 0, "Width of the image (default 1200)", 0 },
	TB_OPTION_HELP_H,
	{ 0 },
};

static error_t parse_opt(int key, char *arg, struct argp_state *state)
{
	long width;

	switch (key) {
	case 'h': tb_argp_help(state); break;
	case OPT_TITLE: env.flame.title = arg; break;
	case OPT_COUNTNAME: env.flame.countname = arg; break;
	case OPT_WIDTH:
		if (tb_parse_long(arg, 200, 100000, "width", &width))
			tb_argp_fail(state);
		env.flame.width = (int)width;
		break;
	case ARGP_KEY_ARG:
		env.files = realloc(env.files, (env.nfiles + 1) * sizeof(*env.files));
		if (!env.files)
			return ENOMEM;
		env.files[env.nfiles++] = arg;
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	return 0;
}

static const struct argp argp = { options, parse_opt, "[FOLDED...]", doc, NULL, NULL, NULL };

/* Every line of fp (name for errors) into f; blank lines are skipped. 0, or -1 after one
 * error line naming the first line that is not folded text. */
static int read_folded(FILE *fp, const char *name, struct tb_folded *f)
{
	char *line = NULL;
	size_t cap = 0;
	long no = 0;
	int err = 0;

	while (!err && getline(&line, &cap, fp) >= 0) {
		no++;
		if (line[strspn(line, " \t\r\n")] == 0)
			continue;
		if (tb_folded_add_line(f, line)) {
			line[strcspn(line, "\n")] = 0;
			tb_error("invalid line %ld of %s: '%.60s%s' is not \"frames COUNT\"", no, name,
				 line, strlen(line) > 60 ? "..." : "");
			err = -1;
		}
	}
	free(line);
	if (!err && ferror(fp)) {
		tb_error("failed to read %s: %s", name, strerror(errno));
		err = -1;
	}
	return err;
}

int tbflame_main(int argc, char **argv)
{
	struct tb_folded f = { 0 };
	int err = 0;

	tb_log_set_tool(argv[0]);
	if (tb_argp_parse(&argp, argc, argv))
		return 1;
	if (!env.nfiles)
		err = read_folded(stdin, "standard input", &f);
	for (int i = 0; !err && i < env.nfiles; i++) {
		FILE *fp = strcmp(env.files[i], "-") ? fopen(env.files[i], "r") : stdin;

		if (!fp) {
			tb_error("failed to open '%s': %s", env.files[i], strerror(errno));
			err = -1;
			break;
		}
		err = read_folded(fp, env.files[i], &f);
		if (fp != stdin)
			fclose(fp);
	}
	if (!err) {
		tb_folded_merge(&f);
		err = tb_flame_svg(&f, stdout, &env.flame);
	}
	tb_folded_free(&f);
	free(env.files);
	if (!err && fflush(stdout)) {
		tb_error("failed to write the SVG: %s", strerror(errno));
		err = -1;
	}
	return err ? 1 : 0;
}

#ifndef TB_NO_MAIN
int main(int argc, char **argv)
{
	return tbflame_main(argc, argv);
}
#endif
