/* tblist's -v for kernel functions and structs (frontends/tblist_types.c): prototypes and
 * struct layouts from BTF, or layouts from the kernel headers the tools compile against. */
#ifndef TBLIST_TYPES_H
#define TBLIST_TYPES_H

#include <stdbool.h>

/* --types=auto|btf|headers: 0, or -1 for another word. */
int tblist_types_from(const char *arg);
/* Around each pattern: -v details are capped per pattern, and what the cap left out is said
 * on stderr at its end. */
void tblist_types_pattern_start(void);
void tblist_types_pattern_end(const char *pattern);
/* The lines under "kprobe:FUNC" with -v: its parameters and return type, or why not. */
void tblist_print_prototype(const char *func);
/* "struct:PATTERN" (kw "struct" or "union"): the matching names, with -v each one's members,
 * offsets and sizes. How many matched, or -1 after one error line. */
int tblist_list_structs(const char *kw, const char *pattern, bool verbose);
void tblist_types_free(void);

#endif
