# Shared compiler settings for pvkit's loaders and the loader test guests; sourced (not run) by
# src/loaders/build.sh and test/loaders/build.sh after they set $root (repository root).
# Deterministic output: fixed flags, source paths mapped to ".", no build ids.

CROSS=${CROSS:-s390x-linux-gnu-}

# The start of every build script: one argument, OUTDIR (created); sets $out (absolute) and a
# scratch folder $obj, removed when the script exits.
build_start() {
  if [ $# -ne 1 ]; then
    echo "usage: $0 OUTDIR" >&2
    exit 2
  fi
  mkdir -p "$1"
  out=$(cd "$1" && pwd)
  obj=$(mktemp -d)
  trap 'rm -rf "$obj"' EXIT
}
CC="${CROSS}gcc"
OBJCOPY="${CROSS}objcopy"
READELF="${CROSS}readelf"

# -march=z10: stay inside the instruction set the project's interpreter supports for IBM's loaders
# (UV-SIE-NOTES §4.3/§4.4). -fno-jump-tables / -fno-tree-switch-conversion: no tables of absolute
# addresses (stage3b is position independent).
LOADER_CFLAGS=(-std=gnu11 -Os -march=z10 -mtune=z10 -m64 -mzarch -msoft-float -mno-backchain
  -ffreestanding -fno-builtin -nostdinc -nostdlib -fno-common -fno-stack-protector
  -fno-asynchronous-unwind-tables -fno-unwind-tables -fno-ident -fno-jump-tables
  -fno-tree-switch-conversion -fno-delete-null-pointer-checks --param=min-pagesize=0
  -fno-strict-aliasing -Wall -Wextra -Werror
  -ffile-prefix-map="$root"=. -fdebug-prefix-map="$root"=. -I"$root/src/loaders")
LOADER_LDFLAGS=(-nostdlib -static -no-pie -Wl,--build-id=none -Wl,-z,noexecstack
  -Wl,--no-warn-rwx-segments -Wl,-z,norelro -Wl,--emit-relocs)
# Shared by every loader and test guest.
LOADER_COMMON=(src/loaders/cpu.S src/loaders/sclp.c src/loaders/print.c src/loaders/mem.c)

# loader_link OBJDIR NAME EXTRA-CFLAGS LINKER-SCRIPT SOURCES... (paths relative to $root)
# → OBJDIR/NAME.elf
loader_link() {
  local objdir=$1 name=$2 extra=$3 lds=$4
  shift 4
  local objs=() s o
  for s in "$@" "${LOADER_COMMON[@]}"; do
    o="$objdir/$name-$(basename "${s%.*}").o"
    # shellcheck disable=SC2086 # $extra is a list of flags
    (cd "$root" && "$CC" "${LOADER_CFLAGS[@]}" $extra -c "$s" -o "$o")
    objs+=("$o")
  done
  "$CC" "${LOADER_CFLAGS[@]}" "${LOADER_LDFLAGS[@]}" -Wl,-T,"$root/$lds" -o "$objdir/$name.elf" "${objs[@]}"
}
