#!/usr/bin/env bash
# Builds target/installer/Locus.app and target/installer/Locus-<version>.dmg with jpackage (JDK 17+, on macOS).
# UNTESTED: written in the shape of build-linux.sh, which is tested; no macOS machine was available. Two things to
# check on a Mac: the Maven build must pull the macOS libtorch (DJL picks pytorch-native-cpu for osx-aarch64 or
# osx-x86_64 from the classifier; see the pom), and jpackage wants an .icns icon (made below with sips/iconutil).
set -euo pipefail
cd "$(dirname "$0")/.."

version=$(sed -n 's:^  <version>\(.*\)</version>:\1:p' pom.xml | head -1)
version=${version%-SNAPSHOT}
[ -f target/locus.jar ] || mvn -q -B -ntp package -DskipTests

out=target/installer
input=$out/input
rm -rf "$out"
mkdir -p "$input/assets"
cp target/locus.jar "$input/"
cp -r target/lib "$input/lib"
cp -r assets/sports-world "$input/assets/"

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
