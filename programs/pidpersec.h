/* pidpersec: the table layout shared by pidpersec.bpf.c (kernel side) and
 * frontends/pidpersec.c. It has no events: one counter the frontend reads each second. */
#ifndef TB_PIDPERSEC_H
#define TB_PIDPERSEC_H

/* the slot of the counter in the "stats" array (BCC's S_COUNT is 1; one slot is enough) */
#define TB_PIDPERSEC_SLOT 0

#endif
