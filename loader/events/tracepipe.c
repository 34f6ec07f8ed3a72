/* Reading bpf_trace_printk() output from tracefs' trace_pipe, line by line. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"
#include "tb_features.h"
#include "tb_log.h"
#include "tb_tracepipe.h"

static char *skip_spaces(char *p)
{
	while (*p == ' ' || *p == '\t')
		p++;
	return p;
}

/* Reads "digits" at *p; false (and *p unmoved) if there are none. */
static bool take_number(char **p, long *out)
{
	char *end;

	if (**p < '0' || **p > '9')
		return false;
	*out = strtol(*p, &end, 10);
	*p = end;
	return true;
}

/* Everything after the comm, from the '-' that ends it:
 *   "-PID [(TGID) ][CPU] [FLAGS ]TS: EVENT: MSG"
 * TGID is "(-------)" when unknown; FLAGS ("d..31") exist since 4.x; TS is "S.US", or a
 * plain count under a counter trace clock. false unless it all fits. */
static bool parse_after_comm(char *dash, struct tb_trace_line *out)
{
	char *p = dash + 1, *ts;
	long v;

	if (!take_number(&p, &v) || (*p != ' ' && *p != '\t'))
		return false;
	out->pid = (int)v;
	p = skip_spaces(p);
	if (*p == '(') {
		p = strchr(p, ')');
		if (!p)
			return false;
		p = skip_spaces(p + 1);
	}
	if (*p++ != '[' || !take_number(&p, &v) || *p++ != ']')
		return false;
	out->cpu = (int)v;
	p = skip_spaces(p);
	/* the flags: letters, digits and dots, then a space (a timestamp ends with ':') */
	ts = p + strspn(p, ".abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789");
	if (ts > p && (*ts == ' ' || *ts == '\t'))
		p = skip_spaces(ts);
	ts = p;
	if (!take_number(&p, &v))
		return false;
	if (*p == '.') {
		p++;
		if (!take_number(&p, &v))
			return false;
	}
	if (strncmp(p, ": ", 2))
		return false;
	out->ts = strtod(ts, NULL);
	out->msg = p + 2;
	return true;
}

bool tb_trace_line_parse(char *line, struct tb_trace_line *out)
{
	char *dash = NULL, *comm, *p;
	size_t n;

	line[strcspn(line, "\n")] = 0;
	/* A comm can hold anything, " [1]" and "-5" included, but the kernel right-aligns it in
	 * 16 columns ("%16s-%-7d"; comms are at most 15 bytes): its dash is at column 16. Lines
	 * not in that layout (hand-written, other tools) are read from the first dash after
	 * which everything fits. */
	if (strlen(line) > 16 && line[16] == '-' && parse_after_comm(line + 16, out))
		dash = line + 16;
	for (p = line; !dash && (p = strchr(p, '-')); p++)
		if (p > line && parse_after_comm(p, out))
			dash = p;
	if (!dash)
		return false;
	*dash = 0;
	comm = skip_spaces(line);
	n = strlen(comm);
	while (n && comm[n - 1] == ' ')
		comm[--n] = 0;
	snprintf(out->comm, sizeof(out->comm), "%s", comm);
	/* "bpf_trace_printk: " since 5.x, "0: " on older kernels; "tracing_mark_write: " is
	 * text any process wrote to trace_marker */
	p = (char *)out->msg;
	out->from_user = !strncmp(p, "tracing_mark_write: ", 20);
	if (out->from_user)
		p += 20;
	else if (!strncmp(p, "bpf_trace_printk: ", 18))
		p += 18;
	else if (!strncmp(p, "0: ", 3))
		p += 3;
	out->msg = p;
	return true;
}

/* The kernel prints "<...>" for a task missing from its small saved_cmdlines cache: name it
 * from /proc while it lives (the last pid asked is remembered: lines come in runs). */
static void fill_comm(struct tb_trace_line *line)
{
	static int last_pid = -1;
	static char last_comm[sizeof(line->comm)];
	char path[64];
	FILE *f;

	if (strcmp(line->comm, "<...>"))
		return;
	if (line->pid != last_pid) {
		snprintf(path, sizeof(path), "/proc/%d/comm", line->pid);
		f = fopen(path, "r");
		if (!f || !fgets(last_comm, sizeof(last_comm), f))
			snprintf(last_comm, sizeof(last_comm), "<...>");
		if (f)
			fclose(f);
		last_comm[strcspn(last_comm, "\n")] = 0;
		last_pid = line->pid;
	}
	snprintf(line->comm, sizeof(line->comm), "%s", last_comm);
}

/* Hands every complete line in buf[0..*len) to the callback and keeps the partial rest. The
 * kernel's "CPU:N [LOST M EVENTS]" lines (the trace buffer overran before it was read) add M
 * to *lost. */
static void dispatch(char *buf, size_t *len, const char *marker, tb_trace_line_fn fn, void *ctx,
		     unsigned long long *lost)
{
	struct tb_trace_line line;
	char *start = buf, *nl, *hit;
	unsigned long long m;

	while ((nl = memchr(start, '\n', buf + *len - start))) {
		*nl = 0;
		if (sscanf(start, "CPU:%*d [LOST %llu EVENTS]", &m) == 1) {
			*lost += m;
			start = nl + 1;
			continue;
		}
		/* user space can write anything to trace_marker, our marker included: skip it */
		if (tb_trace_line_parse(start, &line) && !line.from_user) {
			/* the marker counts only in the message; what follows it is the message */
			hit = marker ? strstr(line.msg, marker) : NULL;
			if (hit)
				line.msg = hit + strlen(marker);
			if (!marker || hit) {
				fill_comm(&line);
				fn(ctx, &line);
			}
		}
		start = nl + 1;
	}
	*len = buf + *len - start;
	memmove(buf, start, *len);
}

int tb_trace_pipe_run(struct tb_prog *prog, const char *marker, tb_trace_line_fn fn, void *ctx,
		      long duration_ms)
{
	uint64_t deadline = duration_ms > 0 ? tb_monotonic_ns() + duration_ms * 1000000ull : 0;
	char path[256], buf[8192];
	unsigned long long lost = 0, warned = 0;
	uint64_t last_warn = 0;
	size_t len = 0;
	struct pollfd pfd;
	int fd, err = 0;
	ssize_t n;

	snprintf(path, sizeof(path), "%s/trace_pipe", tb_tracefs());
	fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		err = errno;
		tb_error("failed to open trace pipe '%s': %s%s", path, strerror(err), tb_errno_hint(err));
		return -err;
	}
	tb_prog_announce(prog);
	pfd.fd = fd;
	pfd.events = POLLIN;
	while (!tb_should_stop()) {
		if (poll(&pfd, 1, 100) < 0 && errno != EINTR) {
			err = errno;
			tb_error("failed to poll trace pipe '%s': %s", path, strerror(err));
			break;
		}
		while ((n = read(fd, buf + len, sizeof(buf) - 1 - len)) > 0) {
			len += n;
			dispatch(buf, &len, marker, fn, ctx, &lost);
			if (len == sizeof(buf) - 1)
				len = 0; /* a line longer than the buffer: drop it */
		}
		if (n < 0 && errno != EAGAIN && errno != EINTR) {
			err = errno;
			tb_error("failed to read trace pipe '%s': %s", path, strerror(err));
			break;
		}
		fflush(stdout);
		/* lines the kernel dropped: said live (at most once a second), totalled at exit */
		if (lost > warned && tb_monotonic_ns() - last_warn >= 1000000000ull) {
			tb_warn("the trace buffer overran: %llu lines lost (%llu in all)", lost - warned, lost);
			warned = lost;
			last_warn = tb_monotonic_ns();
		}
		if (ferror(stdout))
			break;
		if (deadline && tb_monotonic_ns() >= deadline)
			break;
	}
	if (lost)
		tb_warn("%llu trace lines lost in all: the kernel's trace buffer overran (enlarge "
			"buffer_size_kb in tracefs, or trace fewer events)", lost);
	close(fd);
	return -err;
}
