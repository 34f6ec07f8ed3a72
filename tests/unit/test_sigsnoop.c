/* Unit tests of sigsnoop's options: signal lists, filters, and killsnoop chosen by argv[0]. */
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "tracebox.h"

#define TB_NO_MAIN
#include "../../frontends/sigsnoop.c"

/* sigsnoop.c declares its embedded BPF source; the unit test does not compile BPF */
const char tb_bpf_sigsnoop[] = "";
const char tb_bpf_sigsnoop_name[] = "sigsnoop.bpf.c";

/* Parses "ARGV0 ARGS..." from a fresh env. */
static int parse(const char *argv0, const char *line)
{
	char *argv[CHECK_MAX_ARGS];

	env = (struct env){ .pid = -1, .tpid = LONG_MIN };
	return tb_tool_parse(&tool, check_argv(argv0, line, argv), argv);
}

/* Bad input exits (argp_usage): run it in a child and expect a non-zero status. */
static int rejected_as(const char *argv0, const char *line)
{
	pid_t pid = fork();
	int status;

	if (pid == 0) {
		freopen("/dev/null", "w", stderr);
		_exit(parse(argv0, line) ? 3 : 0);
	}
	waitpid(pid, &status, 0);
	return WIFEXITED(status) && WEXITSTATUS(status) != 0;
}

int main(void)
{
	uint64_t mask;

	CHECK_INT(parse_signals("9", &mask), 0);
	CHECK(mask == 1ull << 8);
	CHECK_INT(parse_signals("1,SIGTERM,usr1,64", &mask), 0);
	CHECK(mask == (1ull | 1ull << 14 | 1ull << 9 | 1ull << 63));
	CHECK_INT(parse_signals("RTMIN", &mask), -1); /* glibc's SIGRTMIN moves: numbers only */
	CHECK_INT(parse_signals("0", &mask), -1);
	CHECK_INT(parse_signals("65", &mask), -1);
	CHECK_INT(parse_signals("9,,15", &mask), -1);
	CHECK_INT(parse_signals("", &mask), -1);

	CHECK_INT(parse("sigsnoop", "-x -n -U -p 42 -T -7 -s INT,9"), 0);
	CHECK(!env.killsnoop && !env.kill_only);
	CHECK(env.failed && env.names && env.print_uid);
	CHECK_INT(env.pid, 42);
	CHECK_INT(env.tpid, -7);
	CHECK(env.sigs == (1ull << 1 | 1ull << 8));
	CHECK_INT(parse("sigsnoop", "-k --comm bash"), 0);
	CHECK_STR(env.comm, "bash");
	CHECK(env.kill_only && !env.killsnoop);

	/* the same binary as killsnoop: kill syscalls by default, BCC killsnoop's columns */
	CHECK_INT(parse("/usr/local/bin/killsnoop", "-T 189"), 0);
	CHECK(env.killsnoop && env.kill_only);
	CHECK_INT(env.tpid, 189);
	CHECK_INT(parse("./sigsnoop", ""), 0);
	CHECK(!env.killsnoop && !env.kill_only);
	CHECK(env.tpid == LONG_MIN && env.pid == -1 && env.sigs == 0);

	CHECK(rejected_as("sigsnoop", "-p 0"));
	CHECK(rejected_as("sigsnoop", "-p 4194305"));
	CHECK(rejected_as("killsnoop", "-T x"));
	CHECK(rejected_as("sigsnoop", "-s KILLME"));
	CHECK(rejected_as("sigsnoop", "extra"));
	return check_result("test_sigsnoop");
}
