/* bashreadline: the event shared by bashreadline.bpf.c (kernel side) and frontends/bashreadline.c. */
#ifndef TB_BASHREADLINE_H
#define TB_BASHREADLINE_H

#define TB_BASHREADLINE_LINE_LEN 256  /* bytes of each line kept, NUL included (BCC: 80) */

struct bashreadline_event {
	__u32 pid;   /* tgid of the shell */
	__u32 len;   /* bytes read into line, NUL included */
	char line[TB_BASHREADLINE_LINE_LEN];
};

#endif
