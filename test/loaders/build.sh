#!/usr/bin/env bash
# Build the loader test guests into OUTDIR (.ci/check-binaries.sh compares them with the
# committed copies):
#   testkernel.bin      the kernel stage3b loads in the tests (kernel/testkernel.c)
#   stage3a_fakeuv.bin  stage3a built with PVKIT_FAKE_UV: facility 161 and the DIAG 308 results
#                       come from a table in the test image (QEMU TCG has no unpack facility)
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=../../src/loaders/toolchain.sh
. "$root/src/loaders/toolchain.sh"
build_start "$@"

loader_link "$obj" testkernel -fno-pie test/loaders/kernel/testkernel.lds \
  test/loaders/kernel/head.S test/loaders/kernel/testkernel.c
"$OBJCOPY" -O binary -j .marker -j .entry -j .text -j .rodata -j .data \
  "$obj/testkernel.elf" "$out/testkernel.bin"

loader_link "$obj" stage3a_fakeuv "-fno-pie -DPVKIT_FAKE_UV" src/loaders/stage3a.lds \
  src/loaders/stage3a_init.S src/loaders/stage3a_head.S src/loaders/stage3a.c
"$OBJCOPY" -O binary -j .init -j .text -j .rodata -j .data -j .loader_parms \
  "$obj/stage3a_fakeuv.elf" "$out/stage3a_fakeuv.bin"

chmod 644 "$out/testkernel.bin" "$out/stage3a_fakeuv.bin"
