/* Unit tests of the journal's native protocol (loader/output/journal.c): both field forms, a field
 * that does not fit, and one entry sent to a socket bound here (no journald, no root). */
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/un.h>

#include "check.h"
#include "tracebox.h"

static void test_encode(void)
{
	char buf[64];
	size_t n;

	n = tb_journal_encode(buf, sizeof(buf), "PRIORITY", "5");
	CHECK_INT(n, 11);
	CHECK(!memcmp(buf, "PRIORITY=5\n", 11));
	/* a newline in the value: KEY\n, length as 64-bit little endian, VALUE\n */
	n = tb_journal_encode(buf, sizeof(buf), "MESSAGE", "a\nb");
	CHECK_INT(n, 7 + 1 + 8 + 3 + 1);
	CHECK(!memcmp(buf, "MESSAGE\n\3\0\0\0\0\0\0\0a\nb\n", n));
	CHECK_INT(tb_journal_encode(buf, 10, "PRIORITY", "5"), 0); /* does not fit */
}

static void test_send(void)
{
	char path[] = "/tmp/tb-journal-XXXXXX", sockpath[64], got[256];
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	struct tb_journal *j;
	int fd;
	ssize_t n;

	CHECK(mkdtemp(path) != NULL);
	snprintf(sockpath, sizeof(sockpath), "%s/socket", path);
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", sockpath);
	fd = socket(AF_UNIX, SOCK_DGRAM, 0);
	CHECK(fd >= 0 && bind(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0);
	setenv("TRACEBOX_JOURNAL_SOCKET", sockpath, 1);
	j = tb_journal_open();
	CHECK(j != NULL);
	if (j) {
		tb_journal_field(j, "SYSLOG_IDENTIFIER", "tcpstates");
		tb_journal_field(j, "OBJECT_TCP_SOURCE_PORT", "%u", 8080u);
		CHECK(tb_journal_send(j) == 0);
		n = recv(fd, got, sizeof(got), MSG_DONTWAIT);
		CHECK(n == 56 && !memcmp(got, "SYSLOG_IDENTIFIER=tcpstates\nOBJECT_TCP_SOURCE_PORT=8080\n", 56));
		CHECK(tb_journal_send(j) == 0); /* an empty entry is not sent */
		CHECK(recv(fd, got, sizeof(got), MSG_DONTWAIT) < 0);
		tb_journal_close(j);
	}
	close(fd);
	unlink(sockpath);
	/* nobody listening: NULL and one error line */
	CHECK(tb_journal_open() == NULL);
	rmdir(path);
	unsetenv("TRACEBOX_JOURNAL_SOCKET");
}

int main(void)
{
	test_encode();
	test_send();
	return check_result("test_journal");
}
