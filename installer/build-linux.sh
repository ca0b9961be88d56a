#!/usr/bin/env bash
# Builds the Linux installers with jpackage (JDK 17+):
#   target/installer/Locus/                 an app-image: bin/Locus opens the workbench; bin/Locus <command> runs the CLI
#   target/installer/locus_<version>_amd64.deb
# Both carry the bundled Sports World model, a Java runtime and libtorch (unpacked into ~/.djl.ai on first start).
# Needs: dpkg-deb and fakeroot for the .deb (Debian packages dpkg and fakeroot).
set -euo pipefail
cd "$(dirname "$0")/.."

source installer/stage.sh

# The app-image: the launcher starts dev.locus.Launcher (no arguments: the workbench; else the CLI).
jpackage --type app-image --dest "$out" --name Locus --app-version "$version" \
  --vendor "Locus" --description "Find where a transformer keeps a fact, then edit or unlearn it there" \
  --input "$input" --main-jar locus.jar --main-class dev.locus.Launcher \
  --icon assets/icon/locus.png \
  --java-options '-Dlocus.assets=$APPDIR/assets' --java-options -Dai.djl.offline=true

echo "app-image: $out/Locus ($(du -sh "$out/Locus" | cut -f1))"

if ! command -v dpkg-deb >/dev/null || ! command -v fakeroot >/dev/null; then
  echo "no dpkg-deb or fakeroot: skipping the .deb (apt-get install dpkg fakeroot)" >&2
  exit 0
fi
# The .deb: JavaFX needs GTK 3 and X11 (and OpenGL for hardware rendering) from the system.
resources=$out/resources
mkdir -p "$resources"
cp assets/linux/locus.desktop "$resources/Locus.desktop"  # jpackage takes <launcher>.desktop
cp installer/linux/postinst installer/linux/prerm "$resources/"  # a missing desktop menu must not fail the install
jpackage --type deb --dest "$out" --name locus --app-version "$version" \
  --vendor "Locus" --description "Find where a transformer keeps a fact, then edit or unlearn it there" \
  --app-image "$out/Locus" --resource-dir "$resources" \
  --linux-package-name locus --linux-menu-group Science --linux-shortcut \
  --linux-package-deps "libgtk-3-0, libxtst6, libgl1" --linux-app-category science \
  --install-dir /opt
echo "deb: $(ls "$out"/*.deb) ($(du -h "$out"/*.deb | cut -f1))"
