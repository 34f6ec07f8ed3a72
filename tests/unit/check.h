/* Minimal assertions for unit tests: each failed CHECK prints where and why; main returns
 * check_result(). */
#ifndef TB_CHECK_H
#define TB_CHECK_H

#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

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

/* A tool's output (text or --json) opened on the char array TEXT with the columns its parsed
 * options chose, header printed: the test prints its events into it, then fclose()s the FILE
 * this gives. Needs tracebox.h (tb_output) before its use. */
#define CHECK_OUTPUT_OPEN(out, text, columns_fn, json)                                   \
	({                                                                                \
		enum tb_time_mode time_ = TB_TIME_NONE;                                   \
		int ncols_;                                                               \
		const struct tb_column *cols_ = columns_fn(&ncols_, &time_);              \
		FILE *fp_ = fmemopen(text, sizeof(text), "w");                            \
		tb_output_init(out, fp_, cols_, ncols_, json, time_);                     \
		tb_output_header(out);                                                    \
		fp_;                                                                      \
	})

/* Splits "TOOL LINE" on spaces into argv (NULL-terminated, at most 31 words) for a
 * frontend's parse_args; returns argc. The words live in a static buffer: a parsed env may
 * keep pointers into it until the next call. */
#define CHECK_MAX_ARGS 32
static inline int check_argv(const char *tool, const char *line, char **argv)
{
	static char buf[512];
	int argc = 0;

	snprintf(buf, sizeof(buf), "%s %s", tool, line);
	for (char *tok = strtok(buf, " "); tok && argc < CHECK_MAX_ARGS - 1; tok = strtok(NULL, " "))
		argv[argc++] = tok;
	argv[argc] = NULL;
	return argc;
}

/* Whether argv[0..n) holds flag (a tool's cflags: has_flag(&cf, "-DX=1")). */
static inline int check_has_flag(char **argv, int n, const char *flag)
{
	for (int i = 0; i < n; i++)
		if (!strcmp(argv[i], flag))
			return 1;
	return 0;
}
#define has_flag(cf, flag) check_has_flag((cf)->argv, (cf)->n, (flag))

/* Whether a frontend's parser refuses line: bad input makes argp exit, so parse(line) runs in
 * a child (stderr muted), and a non-zero exit or return means refused. */
static inline int check_rejected(int (*parse)(const char *), const char *line)
{
	pid_t pid = fork();
	int status;

	if (pid == 0) {
		if (!freopen("/dev/null", "w", stderr))
			_exit(2);
		_exit(parse(line) ? 3 : 0);
	}
	waitpid(pid, &status, 0);
	return WIFEXITED(status) && WEXITSTATUS(status) != 0;
}
/* rejected("-p 0") in a test whose parse(line) runs the frontend's parser on "tool LINE" */
#define rejected(line) check_rejected(parse, (line))

static inline int check_result(const char *name)
{
	printf("%s: %s\n", name, check_failures ? "FAILED" : "ok");
	return check_failures ? 1 : 0;
}

#endif
