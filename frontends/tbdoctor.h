/* tbdoctor's parts: the per-tool lines (tbdoctor_tools.c) report through tbdoctor.c. */
#ifndef TBDOCTOR_H
#define TBDOCTOR_H

#include <stdbool.h>
#include <stddef.h>

/* One line for a tool: OK when it runs here, WARN when it cannot (the machine still works). */
void tbdoctor_report_tool(const char *tool, bool runs, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void tbdoctor_check_tools(void);
/* The i-th tool of the table (NULL past its end), and whether one of its ways works here. */
const char *tbdoctor_tool_name(size_t i);
bool tbdoctor_tool_runs_here(size_t i);
/* --warm: every tool that runs here compiled into the cache (tbdoctor_warm.c); in the
 * background unless wait. Exit status. */
int tbdoctor_warm(bool wait);

#endif
