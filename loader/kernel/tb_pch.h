/* A precompiled header of the kernel headers a program includes, for classic header trees
 * (pch.c): made once per tree, compiler and set of includes, loaded by each compile with
 * -include-pch. */
#ifndef TB_PCH_H
#define TB_PCH_H

#include <stddef.h>

#include "tb_kheaders.h"

/* The PCH of the headers program text includes, for this tree, in the cache root, made now
 * when missing: 0 with its path in out, or -1 when there is none to use (not a classic tree,
 * no kernel header included, no clang program of libbcc's version, no cache root,
 * TRACEBOX_PCH=0, or it failed before). */
int tb_pch_for(const struct tb_kheaders *headers, const char *text, char *out, size_t len);
/* After a compile with it failed where one without worked: never used again. */
void tb_pch_set_aside(const char *pch);

#endif
