#!/bin/sh
# Installs the build into a scratch prefix and compiles a program against
# it through pkg-config, shared and static: what a user of the library does.
# Usage: install_test.sh BUILD_DIR CC SOURCE_DIR
set -eu
build=$1 cc=$2 src=$3
prefix=$build/install-test
rm -rf "$prefix"
cmake --install "$build" --prefix "$prefix" >/dev/null
export PKG_CONFIG_PATH="$prefix/lib/pkgconfig:$prefix/lib/x86_64-linux-gnu/pkgconfig"
cat >"$prefix/use.c" <<'C'
#include <samflyt/analytic.h>
#include <samflyt/samflyt.h>
#include <stdio.h>
int main(void) {
    sf_model *m;
    sf_diag d;
    int err = sf_model_load_buffer("x.yaml", "horizon: 1d", 11, &m, &d);
    printf("%s %.4f\n", sf_strerror(err), sf_erlang_b(10, 8));
    return 0;
}
C
"$cc" "$prefix/use.c" $(pkg-config --cflags --libs samflyt) -Wl,-rpath,"$(pkg-config --variable=libdir samflyt)" -o "$prefix/use-shared"
"$prefix/use-shared"
libdir=$(pkg-config --variable=libdir samflyt)
"$cc" "$prefix/use.c" $(pkg-config --cflags samflyt) "$libdir/libsamflyt.a" $(pkg-config --static --libs samflyt | sed 's/-lsamflyt//') -o "$prefix/use-static"
"$prefix/use-static"
