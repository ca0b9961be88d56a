# Sourced by the build-*.sh scripts, from the project's root: builds the jar if needed and stages what jpackage
# packs into $input (the jar, its lib/ and the bundled Sports World model). Sets version, out and input.
version=$(sed -n 's:^  <version>\(.*\)</version>:\1:p' pom.xml | head -1)
version=${version%-SNAPSHOT}   # jpackage wants plain numbers
[ -f target/locus.jar ] || mvn -q -B -ntp package -DskipTests

out=target/installer
input=$out/input
rm -rf "$out"
mkdir -p "$input/assets"
cp target/locus.jar "$input/"
cp -r target/lib "$input/lib"
cp -r assets/sports-world "$input/assets/"
