#!/bin/sh
# Remakes loader/kernel/data/libbcc_idents.txt: the identifiers of the headers libbcc puts
# before every program (bpf_workaround.h, proto.h, helpers.h), read from the text libbcc.so
# carries. btf_prune.c keeps the kernel types these name, whatever the program says.
#   sh scripts/libbcc-idents.sh [LIBBCC.so] > loader/kernel/data/libbcc_idents.txt
set -eu
lib=${1:-$(ls /usr/lib/*/libbcc.so.0 2>/dev/null | head -1)}
[ -r "$lib" ] || { echo "libbcc-idents: no libbcc.so.0 (apt-get install libbpfcc)" >&2; exit 1; }
echo "# Identifiers of libbcc's own headers ($(basename "$(readlink -f "$lib")")), one per line."
echo "# Made by scripts/libbcc-idents.sh; read by loader/kernel/btf_prune.c."
# The embedded headers, from bpf_workaround.h to the end of helpers.h (clang's stdarg.h is
# next): they follow libbcc's copy of uapi bpf.h, which the BTF tree never uses. Then the
# BPF names of the pieces its rewriter writes into programs (", BPF_ANY)"), which come after.
{
	strings -n 4 "$lib" |
		sed -n '\,^/virtual/include/bcc/bpf_workaround.h,,\,^/virtual/lib/clang/include/stdarg.h,p' |
		sed -e 's,//.*,,' | grep -o '[A-Za-z_][A-Za-z0-9_]*'
	strings -n 4 "$lib" | sed -n '\,^/virtual/lib/clang/include/stdarg.h,,$p' |
		grep -o 'BPF_[A-Z0-9_]*[A-Z0-9]'
} | sort -u
