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
