/* Diagnostics: "tool: message" lines on stderr, gated by verbosity, with errno hints. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "tb_log.h"

static const char *tool_name = "tracebox";
static int verbosity;

void tb_log_set_tool(const char *name)
{
	const char *slash = name ? strrchr(name, '/') : NULL;

	if (name)
		tool_name = slash ? slash + 1 : name;
}

const char *tb_log_tool(void)
{
	return tool_name;
}

void tb_log_set_verbosity(int level)
{
	verbosity = level;
}

int tb_log_verbosity(void)
{
	return verbosity;
}

static void vlog(const char *prefix, const char *fmt, va_list ap)
{
	/* stdout may hold buffered events: flush it first so the two streams stay in order */
	fflush(stdout);
	fprintf(stderr, "%s: %s", tool_name, prefix);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void tb_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog("", fmt, ap);
	va_end(ap);
}

void tb_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog("warning: ", fmt, ap);
	va_end(ap);
}

void tb_info(const char *fmt, ...)
{
	va_list ap;

	if (verbosity < 1)
		return;
	va_start(ap, fmt);
	vlog("", fmt, ap);
	va_end(ap);
}

const char *tb_errno_hint(int err)
{
	switch (err < 0 ? -err : err) {
	case EPERM:
	case EACCES:
		if (geteuid() == 0)
			return " (refused even for root: kernel lockdown, a security policy, or "
			       "restricted function tracing on this kernel)";
		return " (run as root, or with CAP_BPF and CAP_PERFMON)";
	case ENOENT:
		return " (not available on this kernel)";
	case EOPNOTSUPP:
		return " (this kernel does not support it)";
	case E2BIG: /* not memlock: a size over one of the kernel's limits */
		return " (over one of the kernel's size limits)";
	case ENOMEM:
		return " (raise the memlock limit: ulimit -l unlimited)";
	case EBUSY:
		return " (already in use by another tracer)";
	default:
		return "";
	}
}

int tb_stderr_capture_begin(void)
{
	int fd = memfd_create("tb-stderr", MFD_CLOEXEC), saved;

	if (fd < 0)
		return -1;
	fflush(stderr);
	saved = dup(2);
	if (saved < 0 || dup2(fd, 2) < 0) {
		if (saved >= 0)
			close(saved);
		close(fd);
		return -1;
	}
	close(fd);
	return saved;
}

char *tb_stderr_capture_end(int saved)
{
	char *text = NULL;
	off_t len;

	if (saved < 0)
		return NULL;
	fflush(stderr);
	len = lseek(2, 0, SEEK_END);
	if (len >= 0 && (text = malloc(len + 1))) {
		ssize_t n = pread(2, text, len, 0);
		text[n > 0 ? n : 0] = 0;
	}
	dup2(saved, 2);
	close(saved);
	return text;
}
