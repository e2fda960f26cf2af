#!/usr/bin/env bash
# Build pvkit's own Secure Execution loaders (SE-FORMAT §4.6, §4.7) into OUTDIR:
#   stage3a.bin        plaintext loader, file byte 0 = address 0x10000, last 24 bytes = parameters
#   stage3b_reloc.bin  encrypted loader, position independent, last 64 bytes = parameters
# (IBM's file names, so that this folder also works as a --x-bootloader-directory.)
# KEEP_ELF=1 also leaves stage3a.elf and stage3b.elf in OUTDIR (tests disassemble them).
# .ci/check-binaries.sh compares the result with the committed .bin files.
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=toolchain.sh
. "$root/src/loaders/toolchain.sh"
build_start "$@"

loader_link "$obj" stage3a -fno-pie src/loaders/stage3a.lds \
  src/loaders/stage3a_init.S src/loaders/stage3a_head.S src/loaders/stage3a.c
"$OBJCOPY" -O binary -j .init -j .text -j .rodata -j .data -j .loader_parms \
  "$obj/stage3a.elf" "$out/stage3a.bin"

loader_link "$obj" stage3b -fPIE src/loaders/stage3b.lds \
  src/loaders/stage3b_head.S src/loaders/stage3b.c
# Position independence: only PC-relative relocations may have been resolved into the code.
bad=$("$READELF" -rW "$obj/stage3b.elf" |
  awk '/^[0-9a-f]+ / && $3 !~ /^R_390_(PC(12|16|24|32)DBL|PLT(12|16|24|32)DBL|PC32|PC64)$/ {print $3}' | sort -u)
if [ -n "$bad" ]; then
  echo "build.sh: stage3b is not position independent, relocations: $bad" >&2
  exit 1
fi
"$OBJCOPY" -O binary -j .text -j .rodata -j .data -j .loader_parms \
  "$obj/stage3b.elf" "$out/stage3b_reloc.bin"

chmod 644 "$out/stage3a.bin" "$out/stage3b_reloc.bin"
if [ -n "${KEEP_ELF:-}" ]; then cp "$obj/stage3a.elf" "$obj/stage3b.elf" "$out/"; fi
