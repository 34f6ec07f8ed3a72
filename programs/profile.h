/* profile: the count key shared by profile.bpf.c and frontends/profile.c. */
#ifndef TB_PROFILE_H
#define TB_PROFILE_H

#define TB_PROFILE_COMM_LEN 16

/* One sampled (process, stacks) pair: BCC's key_t without kernel_ip (the kernel's stack
 * walk here always starts at the interrupted instruction). */
struct profile_key {
	__u32 pid;            /* tgid */
	__s32 user_stack_id;  /* -1 when not collected (-K) */
	__s32 kernel_stack_id;/* -1 when not collected (-U) */
	char comm[TB_PROFILE_COMM_LEN];
};

#endif
