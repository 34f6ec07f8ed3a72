/* Unit tests of the loader's link list: an attachment that cannot be recorded is undone at
 * once instead of leaking (no root: a pipe stands in for a link's fd). */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>

#include "check.h"
#include "internal.h"

static bool fd_open(int fd)
{
	return fcntl(fd, F_GETFD) >= 0;
}

int main(void)
{
	struct tb_prog prog = { 0 };
	int p[2];

	if (!freopen("/dev/null", "w", stderr)) /* the failure's one-line error */
		return 2;
	CHECK(pipe(p) == 0);
	CHECK_INT(tb_prog_add_link(&prog, TB_LINK_FD, p[0], NULL, "raw tracepoint x"), 0);
	CHECK_INT(tb_prog_attach_count(&prog), 1);
	CHECK(fd_open(p[0]));

	/* the list is full and may not grow: the fd is closed, nothing recorded */
	prog.nlinks = prog.links_cap = TB_MAX_LINKS;
	CHECK_INT(tb_prog_add_link(&prog, TB_LINK_FD, p[1], NULL, "raw tracepoint y"), -ENOMEM);
	CHECK(!fd_open(p[1]));
	CHECK_INT(tb_prog_attach_count(&prog), TB_MAX_LINKS);

	/* detaching closes what was recorded */
	prog.nlinks = 1;
	tb_prog_detach_all(&prog);
	CHECK(!fd_open(p[0]));
	CHECK_INT(tb_prog_attach_count(&prog), 0);
	free(prog.links);
	return check_result("test_attach");
}
