/* oomkill: one line per OOM kill, as BCC's oomkill prints it: who triggered it, the victim, the
 * pages the killer weighed and the load averages; a kprobe on oom_kill_process(), or the
 * oom:mark_victim tracepoint where kprobes are missing. */
#include <argp.h>
#include <inttypes.h>
#include <linux/types.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "tracebox.h"
#include "oomkill.h"

_Static_assert(sizeof(struct oomkill_event) == 32 + 2 * TB_OOMKILL_COMM_LEN,
	       "struct oomkill_event must have the same layout on both sides");

TB_BPF_SOURCE_DECLARE(oomkill);

#define KFN "oom_kill_process"
#define TP "oom:mark_victim"

static struct env {
	enum tb_attach_method attach; /* --attach */
} env = { .attach = TB_ATTACH_AUTO };

const char *argp_program_version = "oomkill (tracebox) 0.1";
static const char doc[] =
	"Trace the kernel's out-of-memory killer: one line per OOM kill.\n"
	"\n"
	"EXAMPLES:\n"
	"    oomkill                        # trace OOM kills\n"
	"    oomkill -v                     # say which attach method was chosen, and why\n"
	"    oomkill --attach tracepoint    # force oom:mark_victim\n"
	"    oomkill --json                 # one JSON object per kill";

enum { OPT_ATTACH = 0x100 };

static const struct argp_option options[] = {
	{ "attach", OPT_ATTACH, "METHOD", 0, "auto (default), kprobe or tracepoint", 0 },
	{ 0 },
};

static const unsigned int methods =
	TB_ATTACH_BIT(TB_ATTACH_KPROBE) | TB_ATTACH_BIT(TB_ATTACH_TRACEPOINT);

static error_t parse_opt(int key, char *arg, struct argp_state *state)
{
	int err = 0;

	switch (key) {
	case OPT_ATTACH:
		err = tb_parse_attach_method(arg, methods, &env.attach);
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	if (err)
		tb_argp_fail(state);
	return 0;
}

static const struct argp argp = { options, parse_opt, NULL, doc, tb_common_children, NULL, NULL };

/* What one line says, gathered in user space at print time as BCC does (load averages) or
 * where the kernel's route did not carry it (the victim's name before 6.0's tracepoint). */
struct line {
	char hms[16];
	char tcomm[TB_OOMKILL_COMM_LEN + 1];
	char loadavg[128];
	long page_size;
};

/* "123 pages" as BCC (oc->totalpages); the tracepoint's victim RSS in pages; else "?" */
static void pages_text(const struct oomkill_event *e, long page_size, char *buf, size_t len,
		       long long *pages, long long *rss_pages)
{
	*pages = e->flags & TB_OOMKILL_HAS_PAGES ? (long long)e->pages : -1;
	*rss_pages = e->flags & TB_OOMKILL_HAS_RSS ? (long long)(e->rss_kb * 1024 / page_size) : -1;
	if (*pages >= 0)
		snprintf(buf, len, "%lld", *pages);
	else if (*rss_pages >= 0)
		snprintf(buf, len, "%lld", *rss_pages);
	else
		snprintf(buf, len, "?");
}

static void json_num(FILE *fp, const char *key, long long v)
{
	if (v >= 0)
		fprintf(fp, ",\"%s\":%lld", key, v);
	else
		fprintf(fp, ",\"%s\":null", key);
}

static void print_line(FILE *fp, const struct oomkill_event *e, const struct line *l, bool json)
{
	char fcomm[TB_OOMKILL_COMM_LEN + 1], pages[32];
	long long total, rss;

	snprintf(fcomm, sizeof(fcomm), "%.*s", TB_OOMKILL_COMM_LEN, e->fcomm);
	pages_text(e, l->page_size, pages, sizeof(pages), &total, &rss);
	if (!json) {
		fprintf(fp, "%s Triggered by PID %u (\"%s\"), OOM kill of PID %u (\"%s\"), %s pages, "
			"loadavg: %s\n", l->hms, e->fpid, fcomm, e->tpid, l->tcomm, pages, l->loadavg);
		return;
	}
	fprintf(fp, "{\"time\":\"%s\",\"fpid\":%u,\"fcomm\":", l->hms, e->fpid);
	tb_json_string(fp, fcomm);
	fprintf(fp, ",\"tpid\":%u,\"tcomm\":", e->tpid);
	tb_json_string(fp, l->tcomm);
	json_num(fp, "pages", total);
	json_num(fp, "rss_pages", rss);
	fputs(",\"loadavg\":", fp);
	tb_json_string(fp, l->loadavg);
	fputs("}\n", fp);
}

static void handle_event(void *ctx, int cpu, const void *data, unsigned int size)
{
	const struct oomkill_event *e = data;
	struct line l = { .page_size = sysconf(_SC_PAGESIZE) };
	time_t now = time(NULL);
	struct tm tm;
	FILE *f;

	snprintf(l.hms, sizeof(l.hms), "??:??:??");
	if (localtime_r(&now, &tm))
		strftime(l.hms, sizeof(l.hms), "%H:%M:%S", &tm);
	if (e->flags & TB_OOMKILL_HAS_TCOMM)
		snprintf(l.tcomm, sizeof(l.tcomm), "%.*s", TB_OOMKILL_COMM_LEN, e->tcomm);
	else
		tb_proc_comm((pid_t)e->tpid, l.tcomm, sizeof(l.tcomm)); /* "" once it is gone */
	if (!l.tcomm[0])
		snprintf(l.tcomm, sizeof(l.tcomm), "?");
	f = fopen("/proc/loadavg", "re");
	if (!f || !fgets(l.loadavg, sizeof(l.loadavg), f))
		snprintf(l.loadavg, sizeof(l.loadavg), "?");
	if (f)
		fclose(f);
	l.loadavg[strcspn(l.loadavg, "\n")] = 0;
	print_line(stdout, e, &l, tb_common.json);
	fflush(stdout); /* kills are rare: each line as it comes */
}

static const struct tb_attach_target target = {
	.kfns = { KFN }, .tp = TP, .methods = methods, .purpose = "OOM kills",
	.fn_desc = "the victim and the OOM context's pages, as BCC",
	.tp_desc = "the victim's pid (and since 6.0 its name and resident pages), not the OOM "
		   "context's pages" };

static const struct tb_probe kprobe[] = {
	{ TB_KPROBE, KFN, "on_oom_kill" },
	{ TB_PROBE_END },
};
static const struct tb_probe tracepoint[] = {
	{ TB_TRACEPOINT, TP },
	{ TB_PROBE_END },
};

static const struct tb_tool tool = {
	TB_TOOL_SOURCE(oomkill),
	.argp = &argp,
	.choice = &target,
	.method = &env.attach,
	.method_probes = { [TB_ATTACH_KPROBE] = kprobe, [TB_ATTACH_TRACEPOINT] = tracepoint },
	.banner = "OOM kills",
	.events = "events",
	.on_event = handle_event,
	.event_size = sizeof(struct oomkill_event),
};
TB_TOOL_MAIN(oomkill, tool)
