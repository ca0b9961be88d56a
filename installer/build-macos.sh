#!/usr/bin/env bash
# Builds target/installer/Locus.app and target/installer/Locus-<version>.dmg with jpackage (JDK 17+, on macOS).
# UNTESTED: written in the shape of build-linux.sh, which is tested; no macOS machine was available. Two things to
# check on a Mac: the Maven build must pull the macOS libtorch (DJL picks pytorch-native-cpu for osx-aarch64 or
# osx-x86_64 from the classifier; see the pom), and jpackage wants an .icns icon (made below with sips/iconutil).
set -euo pipefail
cd "$(dirname "$0")/.."

source installer/stage.sh

iconset=$out/locus.iconset
mkdir -p "$iconset"
for size in 16 32 128 256; do
  sips -z $size $size assets/icon/locus.png --out "$iconset/icon_${size}x${size}.png" >/dev/null
done
iconutil -c icns "$iconset" -o "$out/locus.icns"

jpackage --type dmg --dest "$out" --name Locus --app-version "$version" \
  --vendor "Locus" --description "Find where a transformer keeps a fact, then edit or unlearn it there" \
  --input "$input" --main-jar locus.jar --main-class dev.locus.Launcher \
  --icon "$out/locus.icns" --mac-package-identifier dev.locus.workbench \
  --java-options '-Dlocus.assets=$APPDIR/assets' --java-options -Dai.djl.offline=true
echo "dmg: $(ls "$out"/*.dmg)"
