/* oomkill: the event shared by oomkill.bpf.c (kernel side) and frontends/oomkill.c. */
#ifndef TB_OOMKILL_H
#define TB_OOMKILL_H

#define TB_OOMKILL_COMM_LEN 16

/* which of the fields below this kernel's route filled */
#define TB_OOMKILL_HAS_PAGES 1u /* kprobe: oom_kill_process's oc->totalpages */
#define TB_OOMKILL_HAS_RSS 2u   /* tracepoint (6.0+ fields): the victim's resident kB */
#define TB_OOMKILL_HAS_TCOMM 4u /* the victim's name (kprobe; tracepoint 6.0+) */

struct oomkill_event {
	__u64 pages;  /* the pages the OOM killer weighed against: RAM + swap, or the memcg's limit */
	__u64 rss_kb; /* the victim's anon + file + shmem resident memory, in kB */
	__u32 fpid;   /* tgid of the task that triggered the kill (current) */
	__u32 tpid;   /* tgid of the victim */
	__u32 flags;  /* TB_OOMKILL_HAS_* */
	__u32 pad;
	char fcomm[TB_OOMKILL_COMM_LEN];
	char tcomm[TB_OOMKILL_COMM_LEN];
};

#endif
