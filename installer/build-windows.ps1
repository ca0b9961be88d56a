# Builds target\installer\Locus-<version>.msi with jpackage (JDK 17+, on Windows; needs the WiX Toolset 3 on PATH).
# UNTESTED: written in the shape of build-linux.sh, which is tested; no Windows machine was available. Check that
# the Maven build pulls the win-x86_64 libtorch (DJL's pytorch-native-cpu classifier) and that jpackage accepts the
# icon (it wants an .ico; convert assets\icon\locus.png with any icon tool and pass it with --icon).
$ErrorActionPreference = "Stop"
Set-Location (Join-Path $PSScriptRoot "..")

$version = (Select-String -Path pom.xml -Pattern '^  <version>(.*)</version>' | Select-Object -First 1).Matches[0].Groups[1].Value
$version = $version -replace '-SNAPSHOT$', ''
if (-not (Test-Path target\locus.jar)) { mvn -q -B -ntp package -DskipTests }

$out = "target\installer"
$input = "$out\input"
if (Test-Path $out) { Remove-Item -Recurse -Force $out }
New-Item -ItemType Directory -Force "$input\assets" | Out-Null
Copy-Item target\locus.jar $input
Copy-Item -Recurse target\lib "$input\lib"
Copy-Item -Recurse assets\sports-world "$input\assets\"

jpackage --type msi --dest $out --name Locus --app-version $version `
  --vendor "Locus" --description "Find where a transformer keeps a fact, then edit or unlearn it there" `
  --input $input --main-jar locus.jar --main-class dev.locus.Launcher `
  --win-menu --win-shortcut --win-dir-chooser --win-console `
  --java-options '-Dlocus.assets=$APPDIR\assets' --java-options -Dai.djl.offline=true
Write-Output "msi: $(Get-ChildItem $out\*.msi)"
