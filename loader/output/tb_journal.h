/* The systemd journal's native protocol (what sd_journal_send speaks), without libsystemd:
 * one datagram of KEY=VALUE lines per entry to journald's socket. For tools with BCC's -Y. */
#ifndef TB_JOURNAL_H
#define TB_JOURNAL_H

#include <stddef.h>

/* journald's socket; TRACEBOX_JOURNAL_SOCKET names another (tests bind their own there) */
#define TB_JOURNAL_SOCKET "/run/systemd/journal/socket"

struct tb_journal;

/* Connects to the journal: NULL and one error line saying what to do when it is not there. */
struct tb_journal *tb_journal_open(void);
void tb_journal_close(struct tb_journal *j);

/* Appends one field to the entry being built; values with a newline use the protocol's
 * length-prefixed form. Keys are upper case letters, digits and '_' (journald's rule). */
void tb_journal_field(struct tb_journal *j, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Sends the entry built so far and starts a new one. 0, or -errno (a full socket buffer
 * drops the entry: counted, and the total is said once at close). */
int tb_journal_send(struct tb_journal *j);

/* Appends one field to buf (used by tb_journal_field; exposed for unit tests): the bytes
 * written, or 0 when they do not fit in len. */
size_t tb_journal_encode(char *buf, size_t len, const char *key, const char *value);

#endif
