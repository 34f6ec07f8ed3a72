/* Entries for the systemd journal over its native datagram protocol (see tb_journal.h). */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "tb_journal.h"
#include "tb_log.h"

#define ENTRY_MAX (64 * 1024) /* far above a tool's entry; journald takes datagrams this big */

struct tb_journal {
	int fd;
	size_t len;            /* bytes of the entry being built */
	unsigned long dropped; /* entries the socket refused */
	int last_err;
	char buf[ENTRY_MAX];
};

size_t tb_journal_encode(char *buf, size_t len, const char *key, const char *value)
{
	size_t klen = strlen(key), vlen = strlen(value), need;

	if (!strchr(value, '\n')) { /* KEY=VALUE\n */
		need = klen + 1 + vlen + 1;
		if (need > len)
			return 0;
		memcpy(buf, key, klen);
		buf[klen] = '=';
		memcpy(buf + klen + 1, value, vlen);
		buf[need - 1] = '\n';
		return need;
	}
	/* KEY\n, the value's length as 64-bit little endian, VALUE\n */
	need = klen + 1 + 8 + vlen + 1;
	if (need > len)
		return 0;
	memcpy(buf, key, klen);
	buf[klen] = '\n';
	for (int i = 0; i < 8; i++)
		buf[klen + 1 + i] = (char)((uint64_t)vlen >> (8 * i));
	memcpy(buf + klen + 9, value, vlen);
	buf[need - 1] = '\n';
	return need;
}

struct tb_journal *tb_journal_open(void)
{
	const char *path = getenv("TRACEBOX_JOURNAL_SOCKET");
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	struct tb_journal *j;

	if (!path || !*path)
		path = TB_JOURNAL_SOCKET;
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", path);
	j = calloc(1, sizeof(*j));
	if (!j) {
		tb_error("failed to open the journal: out of memory");
		return NULL;
	}
	j->fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (j->fd < 0 || connect(j->fd, (struct sockaddr *)&sa, sizeof(sa))) {
		tb_error("failed to open the systemd journal at %s: %s (is systemd-journald "
			 "running? without it, keep the text or --json output instead)", path, strerror(errno));
		if (j->fd >= 0)
			close(j->fd);
		free(j);
		return NULL;
	}
	return j;
}

void tb_journal_field(struct tb_journal *j, const char *key, const char *fmt, ...)
{
	char value[4096];
	va_list ap;
	size_t n;

	va_start(ap, fmt);
	vsnprintf(value, sizeof(value), fmt, ap);
	va_end(ap);
	n = tb_journal_encode(j->buf + j->len, sizeof(j->buf) - j->len, key, value);
	j->len += n; /* a field that does not fit is left out; the entry still goes */
}

int tb_journal_send(struct tb_journal *j)
{
	int err = 0;

	if (j->len && send(j->fd, j->buf, j->len, MSG_DONTWAIT | MSG_NOSIGNAL) < 0) {
		err = -errno;
		j->dropped++;
		j->last_err = errno;
	}
	j->len = 0;
	return err;
}

void tb_journal_close(struct tb_journal *j)
{
	if (!j)
		return;
	if (j->dropped)
		tb_warn("%lu journal entries dropped (last error: %s)", j->dropped,
			strerror(j->last_err));
	close(j->fd);
	free(j);
}
