/* tbdoctor's parts: the per-tool lines (tbdoctor_tools.c) report through tbdoctor.c. */
#ifndef TBDOCTOR_H
#define TBDOCTOR_H

#include <stdbool.h>

/* One line for a tool: OK when it runs here, WARN when it cannot (the machine still works). */
void tbdoctor_report_tool(const char *tool, bool runs, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void tbdoctor_check_tools(void);

#endif
