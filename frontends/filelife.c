/* filelife: files created and deleted while tracing, with who deleted them and their age, as
 * BCC's filelife. */
#include <argp.h>
#include <linux/types.h>
#include <stdio.h>
#include <string.h>

#include "tracebox.h"
#include "filelife.h"

_Static_assert(sizeof(struct filelife_event) == 16 + TB_FILELIFE_COMM_LEN + TB_FILELIFE_NAME_LEN,
	       "struct filelife_event must have the same layout on both sides");

TB_BPF_SOURCE_DECLARE(filelife);

static struct env {
	long pid; /* -p, -1 = all */
	enum tb_attach_method attach;
} env = { .pid = -1, .attach = TB_ATTACH_AUTO };

const char *argp_program_version = "filelife (tracebox) 0.1";
static const char doc[] =
	"Trace the lifespan of short-lived files: created and deleted while tracing.\n"
	"\n"
	"EXAMPLES:\n"
	"    filelife           # trace the life of files (create -> delete)\n"
	"    filelife -p 181    # only files PID 181 creates and deletes\n"
	"    filelife -v        # say which attach method was chosen, and why\n"
	"    filelife --json    # one JSON object per file";

enum { OPT_ATTACH = 0x100 };

static const struct argp_option options[] = {
	{ "pid", 'p', "PID", 0, "Trace this PID only", 0 },
	{ "attach", OPT_ATTACH, "METHOD", 0, "auto (default), fentry or kprobe", 0 },
	{ 0 },
};

#define METHODS (TB_ATTACH_BIT(TB_ATTACH_FENTRY) | TB_ATTACH_BIT(TB_ATTACH_KPROBE))

static error_t parse_opt(int key, char *arg, struct argp_state *state)
{
	int err = 0;

	switch (key) {
	case 'p': err = tb_parse_pid(arg, "PID", &env.pid); break;
	case OPT_ATTACH: err = tb_parse_attach_method(arg, METHODS, &env.attach); break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	if (err)
		tb_argp_fail(state);
	return 0;
}

static const struct argp argp = { options, parse_opt, NULL, doc, tb_common_children, NULL, NULL };

/* BCC's "%-8s %-7d %-16s %-7.2f %s"; JSON: time, pid, comm, age_s, file */
static const struct tb_column columns[] = {
	{ "PID", NULL, 7, TB_LEFT },
	{ "COMM", NULL, 16, TB_LEFT },
	{ "AGE(s)", "age_s", 7, TB_LEFT },
	{ "FILE", NULL, 0, TB_LEFT },
};

static struct tb_output out;

static void handle_event(void *ctx, int cpu, const void *data, unsigned int size)
{
	const struct filelife_event *e = data;
	char comm[TB_FILELIFE_COMM_LEN + 1], name[TB_FILELIFE_NAME_LEN + 1];

	snprintf(comm, sizeof(comm), "%.*s", TB_FILELIFE_COMM_LEN, e->comm);
	snprintf(name, sizeof(name), "%.*s", TB_FILELIFE_NAME_LEN, e->name);
	tb_output_begin(&out, 0);
	tb_output_uint(&out, e->pid);
	tb_output_str(&out, comm);
	tb_output_double(&out, e->age_ns / 1e9, 2);
	tb_output_str(&out, name);
	tb_output_end(&out);
}

static int prepare(struct tb_cflags *cf)
{
	/* which argument is the dentry: a fact of this kernel's, never its version */
	if (tb_facts()->vfs_idmap_from == TB_FACT_UNKNOWN) {
		tb_error("failed to trace vfs_create/vfs_unlink: which arguments they take is "
			 "unknown on this kernel (no BTF, no declaration in its headers' "
			 "linux/fs.h)");
		return -1;
	}
	if (env.pid > 0 && tb_cflags_add(cf, "-DTARG_PID=%ld", env.pid))
		return -1;
	return 0;
}

/* the three functions, by fentry where the kernel has it, else kprobes; no tracepoint sees
 * the dentry, so a kernel with neither refuses in one line */
static const struct tb_attach_target target = {
	.kfns = { "vfs_create", "security_inode_create", "vfs_unlink" }, .methods = METHODS,
	.purpose = "file creations and deletions" };
/* libbcc names them kfunc__ + the function: KFUNC_PROBE(vfs_create) */
static const struct tb_probe fentry[] = {
	{ TB_KFUNC, NULL, "kfunc__vfs_create" },
	{ TB_KFUNC, NULL, "kfunc__security_inode_create" },
	{ TB_KFUNC, NULL, "kfunc__vfs_unlink" },
	{ TB_PROBE_END },
};
static const struct tb_probe kprobe[] = {
	{ TB_KPROBE, "vfs_create", "on_create" },
	{ TB_KPROBE, "security_inode_create", "on_security_create" },
	{ TB_KPROBE, "vfs_unlink", "on_unlink" },
	{ TB_PROBE_END },
};

static const struct tb_tool tool = {
	TB_TOOL_SOURCE(filelife),
	.argp = &argp,
	.choice = &target,
	.method = &env.attach,
	.method_probes = { [TB_ATTACH_FENTRY] = fentry, [TB_ATTACH_KPROBE] = kprobe },
	.prepare = prepare,
	.events = "events",
	.on_event = handle_event,
	.event_size = sizeof(struct filelife_event),
	.out = &out,
	TB_COLUMNS(columns),
	.time_mode = TB_TIME_CLOCK,
};
TB_TOOL_MAIN(filelife, tool)
