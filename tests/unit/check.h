/* Minimal assertions for unit tests: each failed CHECK prints where and why; main returns
 * check_result(). */
#ifndef TB_CHECK_H
#define TB_CHECK_H

#include <stdio.h>
#include <string.h>

static int check_failures;

#define CHECK(cond)                                                                    \
	do {                                                                           \
		if (!(cond)) {                                                         \
			fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
			check_failures++;                                              \
		}                                                                      \
	} while (0)

#define CHECK_STR(got, want)                                                           \
	do {                                                                           \
		const char *g_ = (got), *w_ = (want);                                  \
		if (!g_ || strcmp(g_, w_)) {                                           \
			fprintf(stderr, "%s:%d: got:\n%s\nwant:\n%s\n", __FILE__, __LINE__,    \
				g_ ? g_ : "(null)", w_);                               \
			check_failures++;                                              \
		}                                                                      \
	} while (0)

#define CHECK_INT(got, want)                                                           \
	do {                                                                           \
		long long g_ = (got), w_ = (want);                                     \
		if (g_ != w_) {                                                        \
			fprintf(stderr, "%s:%d: %s = %lld, want %lld\n", __FILE__, __LINE__,   \
				#got, g_, w_);                                         \
			check_failures++;                                              \
		}                                                                      \
	} while (0)

static inline int check_result(const char *name)
{
	printf("%s: %s\n", name, check_failures ? "FAILED" : "ok");
	return check_failures ? 1 : 0;
}

#endif
