/* Names of the generic perf events (perf's own spelling: cpu-clock, cycles...), shared by the
 * commands that take or list them. */
#ifndef TB_PERF_EVENTS_H
#define TB_PERF_EVENTS_H

#include <stdint.h>

struct tb_perf_event_name {
	const char *name;
	uint32_t type;   /* PERF_TYPE_SOFTWARE or PERF_TYPE_HARDWARE */
	uint64_t config; /* PERF_COUNT_SW_* / PERF_COUNT_HW_* */
};

/* The table, and its length in *n. */
const struct tb_perf_event_name *tb_perf_event_names(int *n);

/* 0 and the event's type/config for a name such as "cpu-clock", -1 when unknown. */
int tb_perf_event_lookup(const char *name, uint32_t *type, uint64_t *config);

#endif
