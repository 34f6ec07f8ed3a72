/* Feature probes: what this kernel can attach, tried for real, never guessed from versions. */
#ifndef TB_FEATURES_H
#define TB_FEATURES_H

#include <stdbool.h>

/* tracefs path (mounted on first use unless --no-mount), e.g. "/sys/kernel/tracing". */
const char *tb_tracefs(void);

bool tb_tracepoint_exists(const char *tp);     /* "category:event" */
/* tb_tracepoint_has_field(): tb_tp_format.h */
bool tb_raw_tracepoint_exists(const char *tp); /* "sched_switch"; false under TRACEBOX_NO_RAW_TRACEPOINTS=1 */
bool tb_kprobes_supported(void);               /* kprobe PMU or kprobe_events */
bool tb_kprobe_exists(const char *kfn);        /* supported and kfn is a traceable function */
bool tb_ksym_exists(const char *name);         /* name is in /proc/kallsyms */
/* name's address from /proc/kallsyms, data symbols included where the kernel lists them
 * (CONFIG_KALLSYMS_ALL): 0; -ENOENT when not listed; -EPERM when listed as 0 (kptr_restrict
 * hides addresses from this reader); another -errno when the file cannot be read. */
int tb_ksym_addr(const char *name, unsigned long long *addr);
bool tb_uprobes_supported(void);
bool tb_btf_present(void);                     /* /sys/kernel/btf/vmlinux */
/* Loads (and for fentry attaches) a trivial program for real; errno-style reason in *err. */
bool tb_fentry_supported(int *err);
bool tb_lsm_supported(int *err);
/* The active LSM list, e.g. "lockdown,capability,bpf" (securityfs mounted if needed); 0 or -1. */
int tb_active_lsms(char *buf, size_t len);
/* 0 when BPF LSM programs load and attach here; otherwise -1 after one error line saying why
 * (no BTF, "bpf" not in the active LSMs and the lsm= to boot with, or the kernel's refusal)
 * naming hook, e.g. "socket_connect". */
int tb_lsm_require(const char *hook);
/* Root, or the capabilities BPF tracing needs (CAP_SYS_ADMIN, or CAP_BPF + CAP_PERFMON). */
bool tb_have_bpf_privileges(void);
/* Whether BPF helper number func (BPF_FUNC_*) exists here, by loading a program calling it. */
bool tb_helper_supported(int func);
/* stack maps of build ids and file offsets (BPF_F_STACK_BUILD_ID, 4.17) */
bool tb_stack_build_id_supported(void);

#endif
