/* BCC's STRCMP("TEXT", EXPR) in the C expressions trace and argdist take: a BPF program has no
 * strcmp, so each call becomes a small function written before the probe's. */
#ifndef TB_EXPR_H
#define TB_EXPR_H

#include <stdbool.h>
#include <stddef.h>

#define TB_STREQ_MAX 64 /* bytes of TEXT: one compare per byte, under 4.14's 4,096 */

struct tb_streq {
	unsigned char text[TB_STREQ_MAX]; /* TEXT, escapes decoded */
	size_t len;
	bool binary;      /* "{0x6C, 0x00}": bytes compared as they are (trace -B) */
	const char *expr; /* EXPR as written, expr_len bytes */
	size_t expr_len;
	const char *end;  /* past the call's ')' */
};

/* s is just past the word STRCMP. binary: a TEXT of the form {N, N...} is bytes (BCC's -B).
 * Returns 0, or -1 when the call is not STRCMP("TEXT", EXPR) with TEXT of 1 to TB_STREQ_MAX
 * bytes (the caller names the probe in its error line). */
int tb_streq_parse(const char *s, bool binary, struct tb_streq *q);

/* Where the address EXPR gives may point: a process's memory (uprobes, USDT), or either
 * (tracepoints and kernel functions: a syscall's argument is the process's). */
enum tb_streq_mem { TB_STREQ_USER, TB_STREQ_ANY };

/* The BPF function `static int NAME(const void *p)`: 1 when the memory at p is TEXT (a string:
 * TEXT and its NUL; bytes: those bytes). Allocated text, or NULL when out of memory. */
char *tb_streq_function(const char *name, const struct tb_streq *q, enum tb_streq_mem mem);

#endif
