/* ttysnoop: watch what is written to a tty or pts device (a shell's session, the console),
 * as BCC's ttysnoop. */
#include <argp.h>
#include <linux/types.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "tracebox.h"
#include "ttysnoop.h"

_Static_assert(offsetof(struct ttysnoop_event, buf) == 8,
	       "struct ttysnoop_event must have the same layout on both sides");

TB_BPF_SOURCE_DECLARE(ttysnoop);

static struct env {
	bool noclear;        /* -C */
	int size;            /* -s: bytes per event */
	int count;           /* -c: events per write at most */
	const char *device;  /* as given */
	char path[4096];     /* the device's path: N means /dev/pts/N */
	unsigned long ino;   /* its inode number */
	unsigned int sb_dev; /* its file system's device, in the kernel's encoding */
	enum tb_attach_method attach;
} env = { .size = TB_TTYSNOOP_DEFAULT_SIZE, .count = TB_TTYSNOOP_DEFAULT_COUNT,
	  .attach = TB_ATTACH_AUTO };

const char *argp_program_version = "ttysnoop (tracebox) 0.1";
static const char args_doc[] = "device";
static const char doc[] =
	"Snoop output from a pts or tty device, eg, a shell\n"
	"\n"
	"device: path to a tty device (eg, /dev/tty0) or pts number\n"
	"\n"
	"EXAMPLES:\n"
	"    ttysnoop /dev/pts/2          # snoop output from /dev/pts/2\n"
	"    ttysnoop 2                   # snoop output from /dev/pts/2 (shortcut)\n"
	"    ttysnoop /dev/console        # snoop output from the system console\n"
	"    ttysnoop /dev/tty0           # snoop output from /dev/tty0\n"
	"    ttysnoop /dev/pts/2 -s 1024  # snoop output from /dev/pts/2 with data size 1024\n"
	"    ttysnoop /dev/pts/2 -c 2     # snoop output from /dev/pts/2 with 2 checks for 256 bytes\n"
	"                                 # of data in buffer (potentially retrieving 512 bytes)\n"
	"    ttysnoop -C --json 2         # one JSON object per piece of output";

enum { OPT_ATTACH = 0x100 };

static const struct argp_option options[] = {
	{ "noclear", 'C', NULL, 0, "Don't clear the screen", 0 },
	{ "datasize", 's', "SIZE", 0, "Size of the transmitting buffer (default 256)", 0 },
	{ "datacount", 'c', "COUNT", 0,
	  "Number of times we check for 'data-size' data (default 16)", 0 },
	{ "attach", OPT_ATTACH, "METHOD", 0, "auto (default), fentry or kprobe (tty_write)", 0 },
	{ 0 },
};

#define METHODS (TB_ATTACH_BIT(TB_ATTACH_FENTRY) | TB_ATTACH_BIT(TB_ATTACH_KPROBE))

/* BCC's device argument: a path from '/', else a pts number (BCC appends anything to
 * /dev/pts/; only digits can name a pts there). 0, or -1 after one error line. */
static int device_path(const char *arg, char *out, size_t len)
{
	int n;

	if (arg[0] == '/')
		n = snprintf(out, len, "%s", arg);
	else if (arg[0] && strspn(arg, "0123456789") == strlen(arg))
		n = snprintf(out, len, "/dev/pts/%s", arg);
	else {
		tb_error("invalid device '%s': expected a path to a tty device (/dev/pts/2, "
			 "/dev/tty0) or a pts number", arg);
		return -1;
	}
	if (n < 0 || (size_t)n >= len) {
		tb_error("invalid device '%.40s...': the path is too long", arg);
		return -1;
	}
	return 0;
}

/* What the BPF side compares tty_write's file with: the inode number, as BCC, and the file
 * system's device (dev_t as the kernel keeps it: major << 20 | minor). */
static int device_identify(const char *path)
{
	struct stat st;

	if (stat(path, &st)) {
		tb_error("failed to read device '%s': %s", path, strerror(errno));
		return -1;
	}
	if (!S_ISCHR(st.st_mode)) {
		tb_error("invalid device '%s': not a character device (a tty or pts)", path);
		return -1;
	}
	env.ino = (unsigned long)st.st_ino;
	env.sb_dev = (major(st.st_dev) << 20) | minor(st.st_dev);
	return 0;
}

static error_t parse_opt(int key, char *arg, struct argp_state *state)
{
	int err = 0;

	switch (key) {
	case 'C': env.noclear = true; break;
	case 's': err = tb_parse_int(arg, 1, TB_TTYSNOOP_MAX_SIZE, "data size", &env.size); break;
	case 'c': err = tb_parse_int(arg, 1, TB_TTYSNOOP_MAX_COUNT, "data count", &env.count); break;
	case OPT_ATTACH: err = tb_parse_attach_method(arg, METHODS, &env.attach); break;
	case ARGP_KEY_ARG:
		if (state->arg_num > 0) {
			tb_error("unexpected argument '%s': ttysnoop takes one device", arg);
			err = -1;
			break;
		}
		env.device = arg;
		err = device_path(arg, env.path, sizeof(env.path));
		break;
	case ARGP_KEY_END:
		if (!env.device) {
			tb_error("missing device: a tty's path (/dev/pts/2, /dev/tty0) or a pts number");
			err = -1;
		} else {
			err = device_identify(env.path);
		}
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	if (err)
		tb_argp_fail(state);
	return 0;
}

static const struct argp argp = { options, parse_opt, args_doc, doc, tb_common_children, NULL,
				  NULL };

/* the unrolled copies, about 40 instructions a piece (measured: -c 64 is some 2,700), within the
 * 4,096 of a kernel before 5.2 */
#define SMALL_KERNEL_MAX_COUNT 64

static int prepare(struct tb_cflags *cf)
{
	enum tb_tty_write_form form = tb_facts_tty_write();

	if (form == TB_TTY_WRITE_UNKNOWN) {
		tb_error("failed to trace tty_write: its arguments are unknown on this kernel (no "
			 "BTF says, and a kprobe could not watch it: -v says why)");
		return -1;
	}
	if (!tb_facts()->large_programs && env.count > SMALL_KERNEL_MAX_COUNT) {
		tb_error("invalid data count '%d': this kernel takes programs of 4,096 instructions "
			 "(Linux 5.2 takes more): at most %d", env.count, SMALL_KERNEL_MAX_COUNT);
		return -1;
	}
	return tb_cflags_add(cf, "-DTTY_INO=%lu", env.ino) ||
	       tb_cflags_add(cf, "-DTTY_SB_DEV=%u", env.sb_dev) ||
	       tb_cflags_add(cf, "-DTB_TTYSNOOP_DATASIZE=%d", env.size) ||
	       tb_cflags_add(cf, "-DDATACOUNT=%d", env.count) ? -1 : 0;
}

/* BCC runs clear(1) once the program is loaded; on a terminal only, as clear's escape sequence
 * means nothing in a file or a pipe */
static void clear_screen(void)
{
	if (!env.noclear && !tb_common.json && tb_screen_clear(stdout))
		fflush(stdout);
}

static FILE *out_fp;

/* the bytes as they were written (BCC decodes them as UTF-8 first); --json: the piece as a
 * string, NUL bytes left out (a JSON string of tb_json_string's ends there) */
static void handle_event(void *ctx, int cpu, const void *data, unsigned int size)
{
	const struct ttysnoop_event *e = data;
	size_t room = size - offsetof(struct ttysnoop_event, buf);
	size_t n = e->count < room ? e->count : room;
	FILE *fp = out_fp ? out_fp : stdout;

	if (!tb_common.json) {
		fwrite(e->buf, 1, n, fp);
	} else {
		char text[TB_TTYSNOOP_MAX_SIZE + 1];
		size_t k = 0;

		for (size_t i = 0; i < n; i++)
			if (e->buf[i])
				text[k++] = e->buf[i];
		text[k] = 0;
		fprintf(fp, "{\"count\": %u, \"data\": ", e->count);
		tb_json_string(fp, text);
		fputs("}\n", fp);
	}
	fflush(fp);
}

/* tty_write by fentry where the kernel has it, else a kprobe; nothing else sees a tty's
 * writes, so a kernel with neither refuses in one line */
static const struct tb_attach_target target = {
	.kfns = { "tty_write" }, .methods = METHODS, .purpose = "tty writes" };
static const struct tb_probe fentry[] = {
	{ TB_KFUNC, NULL, "kfunc__tty_write" },
	{ TB_PROBE_END },
};
static const struct tb_probe kprobe[] = {
	{ TB_KPROBE, "tty_write", "on_tty_write" },
	{ TB_PROBE_END },
};

static const struct tb_tool tool = {
	TB_TOOL_SOURCE(ttysnoop),
	.argp = &argp,
	.choice = &target,
	.method = &env.attach,
	.method_probes = { [TB_ATTACH_FENTRY] = fentry, [TB_ATTACH_KPROBE] = kprobe },
	.prepare = prepare,
	.events = "events",
	.on_event = handle_event,
	.event_size = offsetof(struct ttysnoop_event, buf),
	.before_header = clear_screen,
};
TB_TOOL_MAIN(ttysnoop, tool)
