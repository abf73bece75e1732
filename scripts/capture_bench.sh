#!/usr/bin/env bash
# The capture bench (../shared/capture-bench/, issue #23): `sourceline extract` and Python
# trafilatura on the same 91 pages, in one run, each as a process per page.
#
#   bash scripts/capture_bench.sh [BENCH_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
bench="${1:-../shared/capture-bench}"
venv="${TMPDIR:-/tmp}/sourceline-trafilatura-venv"
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q trafilatura==2.3.1 lxml_html_clean
fi
peer="$(mktemp -d)/trafilatura_extract.py"
cat > "$peer" <<'PY'
import sys, trafilatura
sys.stdout.write(trafilatura.extract(open(sys.argv[1], "rb").read()) or "")
PY
cargo build --release --quiet
echo "sourceline extract ($(target/release/sourceline --version)):"
python3 "$bench/score.py" target/release/sourceline extract | tail -1
echo "trafilatura $("$venv/bin/python" -c 'import trafilatura; print(trafilatura.__version__)') (Python):"
python3 "$bench/score.py" "$venv/bin/python" "$peer" | tail -1
