/* Signals: the one stop flag every loop checks. */
#ifndef TB_SIGNALS_H
#define TB_SIGNALS_H

#include <stdbool.h>

/* --- signals --- */
/* SIGINT and SIGTERM only set a flag (also undoing SIG_IGN inherited from a script);
 * SIGPIPE is ignored so a closed stdout ends the loop instead of killing the tool. */
void tb_signals_install(void);
bool tb_should_stop(void);
void tb_request_stop(void);
/* A SIGALRM in ms that only interrupts what blocks (a write to a full pipe fails with EINTR),
 * for the last drain at exit; disarm when done. */
void tb_deadline_arm(int ms);
void tb_deadline_disarm(void);

#endif
