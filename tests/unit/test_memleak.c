/* Unit tests of memleak's options (BCC's flags) and its cflags. */
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "tracebox.h"

#define TB_NO_MAIN
#include "../../frontends/memleak.c"

const char tb_bpf_memleak[] = "";
const char tb_bpf_memleak_name[] = "memleak.bpf.c";

static int parse(const char *line)
{
	static char buf[512];
	char *argv[32];
	int argc = 0;

	snprintf(buf, sizeof(buf), "memleak %s", line);
	for (char *tok = strtok(buf, " "); tok && argc < 31; tok = strtok(NULL, " "))
		argv[argc++] = tok;
	argv[argc] = NULL;
	return parse_args(argc, argv);
}

/* argp exits on bad input: each check runs in a child */
static bool has_flag(const struct tb_cflags *cf, const char *flag)
{
	for (int i = 0; i < cf->n; i++)
		if (!strcmp(cf->argv[i], flag))
			return true;
	return false;
}

int main(void)
{
	struct tb_cflags cf = { 0 };

	/* defaults as BCC: interval 5 s, top 10, older than 500 ms, kernel mode */
	CHECK(parse("") == 0);
	CHECK_INT(env.interval_ms, 5000);
	CHECK_INT(env.top, 10);
	CHECK_INT(env.older_ms, 500);
	CHECK(kernel_mode());
	CHECK(build_cflags(&cf) == 0);
	CHECK(has_flag(&cf, "-DKERNEL_TRACE=1") && has_flag(&cf, "-DSTACK_FLAGS=0"));
	tb_cflags_free(&cf);

	CHECK(parse("-p 42 -a -o 100 -s 3 -T 4 -z 16 -Z 4096 2 7") == 0);
	CHECK(!kernel_mode() && env.show_allocs);
	CHECK_INT(env.pid, 42);
	CHECK_INT(env.interval_ms, 2000);
	CHECK_INT(env.count, 7);
	CHECK(build_cflags(&cf) == 0);
	CHECK(has_flag(&cf, "-DMIN_SIZE=16ull") && has_flag(&cf, "-DMAX_SIZE=4096ull"));
	CHECK(has_flag(&cf, "-DSAMPLE_EVERY_N=3ull") && !has_flag(&cf, "-DKERNEL_TRACE=1"));
	tb_cflags_free(&cf);

	CHECK(rejected("-p 1 -c ls"));
	CHECK(rejected("-z 10 -Z 5"));
	CHECK(rejected("-p x"));
	CHECK(rejected("-s 0"));
	CHECK(rejected("-T 0"));
	CHECK(rejected("1 2 3"));
	CHECK(rejected("0"));
	return check_result("test_memleak");
}
