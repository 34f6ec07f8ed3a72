/* Included by the stand-in libraries that scripts/build-portable.sh generates: a library in
 * the closure that libbcc's compiles never call into (libz3: LLVM's SMT solver, for clang's
 * static analyzer; libicudata: ICU's 31 MB of locale data, for libxml2's encodings, which LLVM
 * uses only to merge Windows manifests) is replaced by one that defines the same symbols, so
 * the libraries that need it still load, and that stops loudly if one is ever called. */
#include <stdio.h>
#include <stdlib.h>

__attribute__((noreturn, cold, unused)) static void tb_standin_called(const char *fn)
{
	fprintf(stderr, "tracebox: %s() of %s was called, but the portable build carries a stand-in "
		"for that library (build with TB_PORTABLE_STANDINS= to carry the real one)\n",
		fn, TB_STANDIN_LIB);
	abort();
}

#define TB_STANDIN_FN(name) \
	void name(void); \
	void name(void) { tb_standin_called(#name); }
/* data: 4 KiB of zeros (ICU finds no valid data header there and reports an error instead of
 * reading locale data); libraries refer to it by address, so its size need not match */
#define TB_STANDIN_DATA(name) \
	extern const unsigned char name[4096]; \
	__attribute__((aligned(64))) const unsigned char name[4096] = { 0 };
