#!/usr/bin/env bash
# Build cops.c natively with the host C compiler and print its output: the expected console text
# of the cops-z10/z13/z15 guests (test/guests/cops.expected). Usage: cops-host.sh [CC]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cc=${1:-${CC:-cc}}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$cc" -O2 -std=gnu11 -w -I"$here/rt" \
  -Dmain=g_main -Dprint=g_print -Dputs=g_puts -Dprint_hex=g_print_hex -Dprint_udec=g_print_udec \
  -Dprint_dec=g_print_dec -Dexit=g_exit -Dmemcpy=g_memcpy -Dmemmove=g_memmove -Dmemset=g_memset \
  -Dmemcmp=g_memcmp -c "$here/cops.c" -o "$tmp/cops.o"
"$cc" -O2 -c "$here/host/rt-host.c" -o "$tmp/rt-host.o"
"$cc" -o "$tmp/cops" "$tmp/cops.o" "$tmp/rt-host.o"
"$tmp/cops"
