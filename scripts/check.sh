#!/usr/bin/env bash
# The test command (README, .ci/run): formatting, lints, then every test.
#
# The image snapshots (tests/snapshots/) render headless with Mesa's software GL through EGL, so
# they match on every machine. On Debian or Ubuntu this script installs the few packages that
# needs when they are missing (as root), or says exactly what to install (when not root).
set -euo pipefail
cd "$(dirname "$0")/.."

# Snapshots render with Mesa's software GL, the same everywhere.
export WGPU_BACKEND="${WGPU_BACKEND:-gl}"
# Tests must never touch a real user's saved state.
XDG_DATA_HOME="$(mktemp -d)"
export XDG_DATA_HOME
trap 'rm -rf "$XDG_DATA_HOME"' EXIT

# Mesa (EGL + software GL) for headless rendering; the X11/xkb/Wayland libraries winit loads at
# run time.
packages=(libegl1 libgl1-mesa-dri libgles2 libxkbcommon-x11-0 libxkbcommon0 libx11-xcb1
  libxcursor1 libxrandr2 libxi6 libwayland-client0 libwayland-egl1
  # The HTML export's browser test (tests/html_browser.rs) and the desktop files' validators.
  chromium desktop-file-utils appstream)

if command -v dpkg >/dev/null 2>&1; then
  missing=()
  for p in "${packages[@]}"; do
    dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" -eq 0 ]; then
      echo "check.sh: installing what the snapshot tests need: ${missing[*]}"
      apt-get update -qq
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
    else
      echo "check.sh: the image snapshot tests render with Mesa's software GL, and the HTML test needs Chromium; not all is installed." >&2
      echo "Install it, then run this again:" >&2
      echo "  sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
      exit 1
    fi
  fi
else
  echo "check.sh: not a Debian system; the snapshot tests need Mesa's EGL and software GL" \
    "(and the X11/xkb libraries) installed." >&2
fi

# rustfmt and clippy come with rustup's default profile; add them when a minimal one left them out.
for component in rustfmt clippy; do
  if ! cargo "${component/rustfmt/fmt}" --version >/dev/null 2>&1; then
    if command -v rustup >/dev/null 2>&1; then
      rustup component add "$component"
    else
      echo "check.sh: cargo ${component} is missing; install the ${component} component." >&2
      exit 1
    fi
  fi
done

# The browser test runs here, whatever `cargo test` alone does on a machine without Chromium.
if command -v chromium >/dev/null 2>&1; then
  export SOURCELINE_REQUIRE_CHROMIUM=1
fi

# The desktop entry and the AppStream metainfo, when their validators are installed.
if command -v desktop-file-validate >/dev/null 2>&1; then
  desktop-file-validate packaging/io.github.sourceline.Sourceline.desktop
fi
if command -v appstreamcli >/dev/null 2>&1; then
  appstreamcli validate --no-net --explain packaging/io.github.sourceline.Sourceline.metainfo.xml
fi

cargo fmt --check
cargo clippy --all-targets -- -D warnings
cargo test
