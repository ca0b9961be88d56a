#!/bin/sh
# Builds the MKL code-path override (mkl_cpu_override.c) into $1; run by Maven at generate-resources.
set -eu
out="$1"
cc_bin="${CC:-cc}"
if ! command -v "$cc_bin" >/dev/null 2>&1; then
    echo "src/main/c/build.sh: no C compiler ('$cc_bin'): install one (Debian: apt-get install gcc) to build Locus" >&2
    exit 1
fi
mkdir -p "$out"
"$cc_bin" -shared -fPIC -O2 -Wall -Werror -o "$out/libmkl_cpu_override.so.tmp" "$(dirname "$0")/mkl_cpu_override.c" -ldl
mv "$out/libmkl_cpu_override.so.tmp" "$out/libmkl_cpu_override.so"
