/* Text helpers for event fields shared by the tools. */
#include <ctype.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "tb_format.h"

struct sink {
	char *out;
	size_t len, cap;
};

static void emit(struct sink *s, const char *text, size_t n)
{
	/* keep one byte for the NUL; silently stop when full, like snprintf */
	if (s->len + 1 >= s->cap)
		return;
	if (n > s->cap - 1 - s->len)
		n = s->cap - 1 - s->len;
	memcpy(s->out + s->len, text, n);
	s->len += n;
	s->out[s->len] = 0;
}

size_t tb_next_string(const char *buf, size_t size, size_t pos)
{
	if (pos >= size)
		return size;
	pos += strnlen(buf + pos, size - pos) + 1;
	return pos < size ? pos : size;
}

size_t tb_format_argv(char *out, size_t out_len, const char *buf, size_t size, int max_count,
		      bool quote, bool truncated)
{
	struct sink s = { out, 0, out_len };
	size_t pos = 0;

	if (!out_len)
		return 0;
	out[0] = 0;
	for (int i = 0; i < max_count && pos < size; i++) {
		const char *arg = buf + pos;
		size_t n = strnlen(arg, size - pos);

		if (i)
			emit(&s, " ", 1);
		if (quote)
			emit(&s, "\"", 1);
		for (size_t k = 0; k < n; k++) {
			if (arg[k] == '\n')
				emit(&s, "\\n", 2);
			else if (quote && arg[k] == '"')
				emit(&s, "\\\"", 2);
			else
				emit(&s, &arg[k], 1);
		}
		if (quote)
			emit(&s, "\"", 1);
		pos += n + 1;
	}
	if (truncated || pos < size)
		emit(&s, " ...", 4);
	return s.len;
}

/* Signal numbers are the same on every Linux architecture we target (x86, arm64). */
static const char *const signal_names[] = {
	[SIGHUP] = "SIGHUP", [SIGINT] = "SIGINT", [SIGQUIT] = "SIGQUIT", [SIGILL] = "SIGILL",
	[SIGTRAP] = "SIGTRAP", [SIGABRT] = "SIGABRT", [SIGBUS] = "SIGBUS", [SIGFPE] = "SIGFPE",
	[SIGKILL] = "SIGKILL", [SIGUSR1] = "SIGUSR1", [SIGSEGV] = "SIGSEGV", [SIGUSR2] = "SIGUSR2",
	[SIGPIPE] = "SIGPIPE", [SIGALRM] = "SIGALRM", [SIGTERM] = "SIGTERM",
	[SIGSTKFLT] = "SIGSTKFLT", [SIGCHLD] = "SIGCHLD", [SIGCONT] = "SIGCONT",
	[SIGSTOP] = "SIGSTOP", [SIGTSTP] = "SIGTSTP", [SIGTTIN] = "SIGTTIN", [SIGTTOU] = "SIGTTOU",
	[SIGURG] = "SIGURG", [SIGXCPU] = "SIGXCPU", [SIGXFSZ] = "SIGXFSZ",
	[SIGVTALRM] = "SIGVTALRM", [SIGPROF] = "SIGPROF", [SIGWINCH] = "SIGWINCH",
	[SIGIO] = "SIGIO", [SIGPWR] = "SIGPWR", [SIGSYS] = "SIGSYS",
};
#define TB_NSIG_NAMES ((int)(sizeof(signal_names) / sizeof(signal_names[0])))
/* the kernel's real-time range; glibc's SIGRTMIN is 34 because it keeps two for itself */
#define TB_SIGRTMIN 32
#define TB_SIGRTMAX 64

const char *tb_signal_name(int sig)
{
	static char rt[16];

	if (sig > 0 && sig < TB_NSIG_NAMES && signal_names[sig])
		return signal_names[sig];
	if (sig >= TB_SIGRTMIN && sig <= TB_SIGRTMAX) {
		snprintf(rt, sizeof(rt), "SIGRTMIN+%d", sig - TB_SIGRTMIN);
		return rt;
	}
	return NULL;
}

int tb_signal_number(const char *name)
{
	char *end;
	long n;

	if (!name || !*name)
		return -1;
	if (isdigit((unsigned char)name[0])) {
		n = strtol(name, &end, 10);
		return *end || n < 1 || n > TB_SIGRTMAX ? -1 : (int)n;
	}
	if (!strncasecmp(name, "SIG", 3))
		name += 3;
	for (int i = 1; i < TB_NSIG_NAMES; i++)
		if (signal_names[i] && !strcasecmp(signal_names[i] + 3, name))
			return i;
	return -1;
}

const char *tb_errno_name(int err)
{
	static const struct { int err; const char *name; } names[] = {
		{ 1, "EPERM" }, { 2, "ENOENT" }, { 3, "ESRCH" }, { 4, "EINTR" }, { 5, "EIO" },
		{ 6, "ENXIO" }, { 7, "E2BIG" }, { 8, "ENOEXEC" }, { 9, "EBADF" }, { 10, "ECHILD" },
		{ 11, "EAGAIN" }, { 12, "ENOMEM" }, { 13, "EACCES" }, { 14, "EFAULT" },
		{ 16, "EBUSY" }, { 17, "EEXIST" }, { 18, "EXDEV" }, { 19, "ENODEV" },
		{ 20, "ENOTDIR" }, { 21, "EISDIR" }, { 22, "EINVAL" }, { 23, "ENFILE" },
		{ 24, "EMFILE" }, { 25, "ENOTTY" }, { 26, "ETXTBSY" }, { 27, "EFBIG" },
		{ 28, "ENOSPC" }, { 29, "ESPIPE" }, { 30, "EROFS" }, { 31, "EMLINK" }, { 32, "EPIPE" },
		{ 36, "ENAMETOOLONG" }, { 38, "ENOSYS" }, { 39, "ENOTEMPTY" }, { 40, "ELOOP" },
		{ 95, "EOPNOTSUPP" }, { 98, "EADDRINUSE" }, { 99, "EADDRNOTAVAIL" },
		{ 104, "ECONNRESET" }, { 110, "ETIMEDOUT" }, { 111, "ECONNREFUSED" },
		{ 113, "EHOSTUNREACH" }, { 115, "EINPROGRESS" },
	};

	err = err < 0 ? -err : err;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (names[i].err == err)
			return names[i].name;
	return NULL;
}

size_t tb_format_exit_status(char *out, size_t out_len, int status)
{
	int sig = status & 0x7f, code = (status >> 8) & 0xff;
	const char *name = tb_signal_name(sig);
	int n;

	if (!out_len)
		return 0;
	if (!(status & 0xff))
		n = code ? snprintf(out, out_len, "code %d", code) : snprintf(out, out_len, "0");
	else if (!sig) /* only the core-dump bit: BCC prints just that part */
		n = snprintf(out, out_len, ", core dumped");
	else
		n = snprintf(out, out_len, "signal %d (%s)%s", sig, name ? name + 3 : "unknown",
			     status & 0x80 ? ", core dumped" : "");
	if (n < 0)
		n = 0;
	return (size_t)n < out_len ? (size_t)n : out_len - 1;
}

/* appends as snprintf does at out[*n], adding its result to *n; nothing once out is full */
static void append(char *out, size_t len, size_t *n, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void append(char *out, size_t len, size_t *n, const char *fmt, ...)
{
	va_list ap;
	int k;

	if (*n >= len)
		return;
	va_start(ap, fmt);
	k = vsnprintf(out + *n, len - *n, fmt, ap);
	va_end(ap);
	if (k > 0)
		*n += (size_t)k;
}

void tb_format_flags(char *out, size_t out_len, size_t *n, unsigned long long flags,
		     const struct tb_flag_name *names, const char *prefix, bool octal)
{
	bool any = false;

	if (prefix) {
		append(out, out_len, n, "%s", prefix);
		any = true;
	}
	for (const struct tb_flag_name *f = names; f->name; f++) {
		bool set = f->mask ? (flags & f->mask) == f->value : (flags & f->value) != 0;

		if (!set)
			continue;
		append(out, out_len, n, "%s%s", any ? "|" : "", f->name);
		any = true;
		flags &= ~(f->mask ? f->mask : f->value);
	}
	if (flags || !any)
		append(out, out_len, n, octal ? "%s0%llo" : "%s0x%llx", any ? "|" : "", flags);
}
