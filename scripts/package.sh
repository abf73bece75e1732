#!/usr/bin/env bash
# Builds the Debian package (target/debian/sourceline_VERSION_ARCH.deb) with cargo-deb, which it
# installs first when missing. The package holds the binary, its desktop entry, icons (SVG and
# PNGs) and AppStream metainfo, all named io.github.sourceline.Sourceline (the window's app id);
# the assets are listed in Cargo.toml under [package.metadata.deb].
#
#   bash scripts/package.sh            # build the .deb
#   sudo apt install ./target/debian/sourceline_*.deb
set -euo pipefail
cd "$(dirname "$0")/.."

if ! cargo deb --version >/dev/null 2>&1; then
  echo "package.sh: installing cargo-deb (once)"
  cargo install cargo-deb --locked
fi

# The desktop files are checked before they go in, when the validators are installed.
if command -v desktop-file-validate >/dev/null 2>&1; then
  desktop-file-validate packaging/io.github.sourceline.Sourceline.desktop
fi
if command -v appstreamcli >/dev/null 2>&1; then
  appstreamcli validate --no-net packaging/io.github.sourceline.Sourceline.metainfo.xml
fi

# cargo-deb builds the release binary itself, then packs it with the assets.
cargo deb
ls -l target/debian/*.deb
