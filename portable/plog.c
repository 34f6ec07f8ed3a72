/* The launcher's one-line messages on stderr. */
#include <stdarg.h>
#include <stdio.h>

#include "plog.h"

const char *tb_plog_name = "tracebox";

void tb_plog(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", tb_plog_name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}
