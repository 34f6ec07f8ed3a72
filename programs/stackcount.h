/* stackcount: the key its counts table is kept by, compiled by both sides. */
#ifndef STACKCOUNT_H
#define STACKCOUNT_H

#define TB_STACKCOUNT_COMM_LEN 16
/* tgid when stacks of every process are counted together (no -P, no user stacks) */
#define TB_STACKCOUNT_ANY_PID 0xffffffffu
/* distinct (stack, process) keys counted at once; events beyond are counted as dropped */
#define TB_STACKCOUNT_MAX_STACKS 10240

struct stackcount_key {
	__u32 tgid;            /* TB_STACKCOUNT_ANY_PID when not kept */
	__s32 kernel_stack_id; /* a stack_traces id, or <0: none taken (-U), or lost */
	__s32 user_stack_id;
	char comm[TB_STACKCOUNT_COMM_LEN]; /* with -P (or -p) only; else zeros */
};

#endif
