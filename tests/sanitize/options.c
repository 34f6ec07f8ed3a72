/* Sanitizer defaults compiled into every instrumented binary (cmake/sanitize.cmake), so ctest
 * and the integration tests' tool runs need no environment; the variables still override. */
const char *__asan_default_options(void);
const char *__ubsan_default_options(void);
const char *__lsan_default_options(void);

const char *__asan_default_options(void)
{
	/* abort_on_error off: a finding exits 1 with its report, like a failed test */
	return "halt_on_error=1:detect_leaks=1:detect_stack_use_after_return=0:"
	       "strict_string_checks=1:check_initialization_order=1";
}

const char *__ubsan_default_options(void)
{
	return "halt_on_error=1:print_stacktrace=1";
}

const char *__lsan_default_options(void)
{
	/* leaks inside libbcc and LLVM only (tests/sanitize/lsan.supp): never our code */
	return "suppressions=" TB_LSAN_SUPP ":print_suppressions=0";
}

/* Without RTLD_DEEPBIND (loader/compile/compiler.c) libbcc.so's static C++ objects bind to
 * libbcc_bpf.so's copies, which are then destroyed twice at exit: a use-after-free inside
 * libbcc_bpf.so's own destructors, which run after every exit handler registered before ours.
 * This handler runs before them: it checks for leaks now and ends the process with its
 * status, so that second destruction (libbcc's, not ours) never runs. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

void __lsan_do_leak_check(void);

static void end_before_libbcc_destructors(int status, void *arg)
{
	(void)arg;
	__lsan_do_leak_check();
	fflush(NULL);
	_exit(status);
}

__attribute__((constructor)) static void tb_sanitize_init(void)
{
	on_exit(end_before_libbcc_destructors, NULL);
}
