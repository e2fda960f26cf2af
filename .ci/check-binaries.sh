#!/usr/bin/env bash
# Rebuild every committed s390x binary from its source into a scratch folder and compare bytes.
# Each folder with a build.sh builds its *.bin files into the folder given as $1.
set -euo pipefail
cd "$(dirname "$0")/.."
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
status=0
for script in src/loaders/build.sh test/guests/build.sh test/loaders/build.sh; do
  [ -f "$script" ] || continue
  dir=$(dirname "$script")
  mkdir -p "$scratch/$dir"
  bash "$script" "$scratch/$dir" >/dev/null
  for built in "$scratch/$dir"/*.bin; do
    [ -e "$built" ] || continue
    name=$(basename "$built")
    if ! cmp -s "$built" "$dir/$name"; then
      echo "check-binaries: $dir/$name differs from what $script builds (rebuild and commit it)" >&2
      status=1
    fi
  done
done
[ $status = 0 ] && echo "check-binaries: committed loader and guest binaries match their sources"
exit $status
