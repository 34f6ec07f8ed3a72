/* tblist's -v for kernel functions and structs: prototypes and struct layouts from BTF
 * (tblist_types.c), or layouts from the kernel headers the tools compile against
 * (tblist_headers.c). */
#ifndef TBLIST_TYPES_H
#define TBLIST_TYPES_H

#include <stdbool.h>
#include <stddef.h>

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

/* --- between tblist_types.c and tblist_headers.c --- */

struct tblist_row {
	int depth;          /* 0: a member; 1: a member of an anonymous struct or union above */
	unsigned long bits; /* offset from the start of the outermost struct, in bits */
	long size;          /* bytes; -1 when unknown */
	int bitfield;       /* width in bits; 0 when not a bitfield */
	char type[256];     /* as C spells it without the name: "struct list_head *", "char[16]" */
	char name[128];     /* "" for an anonymous struct or union */
};

struct tblist_rows {
	struct tblist_row *v;
	int n, cap;
};

/* One more zeroed row, NULL when out of memory. */
struct tblist_row *tblist_rows_add(struct tblist_rows *rows);
/* Appends s to the string in out, cut at len. */
void tblist_append(char *out, size_t len, const char *s);
/* The layout of "KW NAME" from the kernel headers: rows, size and where from ("the kernel
 * headers at TREE"). 0, or -1 after one error line. */
int tblist_headers_layout(const char *kw, const char *name, struct tblist_rows *rows,
			  long *size, char *from, size_t from_len);
/* Prints "    (declared in FILE, ...) DECL" when the header tree declares func. */
void tblist_headers_prototype(const char *func);

#endif
