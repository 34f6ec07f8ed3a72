/* The launcher's one-line messages on stderr, prefixed with the name it was started as. */
#ifndef TB_PLOG_H
#define TB_PLOG_H

extern const char *tb_plog_name;

void tb_plog(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
