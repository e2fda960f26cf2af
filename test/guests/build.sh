#!/usr/bin/env bash
# Build every pvkit test guest into flat raw images (objcopy -O binary) loadable at absolute 0 by
# `qemu-system-s390x -kernel` and `pvkit run`.  Usage: build.sh [OUTDIR]   (default: this folder)
#
# Deterministic: fixed flags, no build IDs, no debug info, source paths mapped away, objects built in
# a scratch folder, sorted inputs. Same bytes on every machine with Debian 12's cross toolchain
# (gcc-s390x-linux-gnu 12.2, binutils-s390x-linux-gnu 2.40); .ci/check-binaries.sh compares them.
set -euo pipefail
export LC_ALL=C

here=$(cd "$(dirname "$0")" && pwd)
out=${1:-$here}
mkdir -p "$out"
out=$(cd "$out" && pwd)

CROSS=${CROSS:-s390x-linux-gnu-}
CC=${CROSS}gcc
OBJCOPY=${CROSS}objcopy
for tool in "$CC" "$OBJCOPY"; do
  command -v "$tool" >/dev/null || { echo "build.sh: $tool not found (apt install gcc-s390x-linux-gnu binutils-s390x-linux-gnu)" >&2; exit 1; }
done

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

# Everything is compiled from inside the source folder with relative names, so no absolute path can
# reach an object; -ffile-prefix-map covers anything the compiler would still record.
cd "$here"
COMMON=(-m64 -nostdlib -nostartfiles -static -no-pie -fno-pie -ffreestanding -fno-builtin
        -fno-stack-protector -fno-asynchronous-unwind-tables -fno-unwind-tables -fno-ident
        -fno-delete-null-pointer-checks -fno-tree-loop-distribute-patterns -msoft-float
        -ffile-prefix-map="$here"=. -Irt -Wall -Wextra -Werror -g0 --param=min-pagesize=0
        -Wl,--build-id=none -Wl,--no-warn-rwx-segments -Wl,-z,noexecstack)
RT=(rt/head.S rt/stop.S rt/sclp.S rt/print.S)

# link NAME LDS MARCH SOURCES... : compile+link in one go, then extract the raw image.
link() {
  local name=$1 lds=$2 march=$3; shift 3
  "$CC" "${COMMON[@]}" -march="$march" -O2 -Wl,-T,"$lds" -o "$scratch/$name.elf" "$@"
  "$OBJCOPY" -O binary "$scratch/$name.elf" "$scratch/$name.bin"
  install -m 644 "$scratch/$name.bin" "$out/$name.bin"
}

link hello guest.lds z10 "${RT[@]}" hello.S
CRT=("${RT[@]}" rt/libc.c)
# Self-checking assembly guests (rt/cases.h + rt/check.c).
link insn-gpr guest.lds z10 "${CRT[@]}" rt/check.c insn-gpr.S
link insn-sys guest.lds z10 "${CRT[@]}" rt/check.c insn-sys.S
link pgm-checks guest.lds z10 "${CRT[@]}" rt/check.c pgm-checks.S
link pgm-exit guest.lds z10 "${RT[@]}" pgm-exit.S
link console guest.lds z10 "${RT[@]}" rt/linemode.S console.S
# One C source, three machine levels (expected output: cops.expected, from a host build).
for m in z10 z13 z15; do
  link cops-$m guest.lds $m "${CRT[@]}" cops.c
done
# sha256: >= 50 M instructions (MIPS benchmark); sha256-small: ~1-3 M (tests).
link sha256 guest.lds z10 "${CRT[@]}" -DBUF_SIZE=65536 -DROUNDS=13 rt/crc32.c sha256.c
link sha256-small guest.lds z10 "${CRT[@]}" -DBUF_SIZE=32768 -DROUNDS=1 rt/crc32.c sha256.c

# The Secure-Execution-bootable sample kernel (entry 0x10000, S390EP, PARMAREA; see its kernel.lds).
link sample-kernel sample-kernel/kernel.lds z10 rt/stop.S rt/sclp.S rt/print.S rt/libc.c rt/crc32.c \
  sample-kernel/head.S sample-kernel/main.c
