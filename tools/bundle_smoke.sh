#!/usr/bin/env bash
# Build the one-folder bundle (packaging/osgo.spec) from a clean copy of the checkout, then try it as a user would,
# with no Python of ours on the path: the window starts on the demo (offscreen, quitting once it shows the data),
# and the command line fills a demo database to the end, exports 2026/04's election record and verifies it. Every
# run is traced: a network socket (IPv4 or IPv6) opened by the bundle fails the test. Any failure fails the script.
#
#   tools/bundle_smoke.sh [WORK_DIR]     the bundle is WORK_DIR/dist/osgo-desktop; without WORK_DIR, a folder in
#                                        /tmp, removed when the test passes
set -euo pipefail
cd "$(dirname "$0")/.."
say() { echo "bundle: $*"; }
fail() { echo "bundle: FAILED: $*" >&2; exit 1; }

command -v strace >/dev/null 2>&1 || fail "strace is missing (apt-get install strace): the network check needs it"
work=${1:-$(mktemp -d /tmp/osgo-bundle.XXXXXX)}
mkdir -p "$work"
work=$(cd "$work" && pwd)
src=$work/src
started=$SECONDS

# A clean copy: the files git knows (committed or not) and new ones it does not ignore; no .venv, build or caches.
rm -rf "$src" && mkdir -p "$src"
git ls-files -z --cached --others --exclude-standard | tar --null -T - -c | tar -x -C "$src"

# Its own venv: the app (editable, so the spec collects resources/ straight from the copy) and PyInstaller.
say "installing the app and PyInstaller into $work/venv"
"${PYTHON:-python3}" -m venv "$work/venv"
"$work/venv/bin/python" -m pip install --quiet --upgrade pip
"$work/venv/bin/python" -m pip install --quiet --editable "$src" pyinstaller pyinstaller-hooks-contrib
installed=$SECONDS

# On Linux PyInstaller warns that ole32 and shell32 are not found: platformdirs' Windows code names them; expected.
say "building with $("$work/venv/bin/pyinstaller" --version 2>&1 | tail -n 1)"
(cd "$src" && "$work/venv/bin/pyinstaller" --noconfirm --log-level WARN --distpath "$work/dist" \
    --workpath "$work/build" packaging/osgo.spec)
built=$SECONDS
bundle=$work/dist/osgo-desktop
[ -x "$bundle/osgo-desktop" ] && [ -x "$bundle/osgo" ] || fail "the bundle lacks osgo-desktop or osgo"
say "built $bundle: $(du -sh "$bundle" | cut -f1), pip $((installed - started)) s, PyInstaller $((built - installed)) s"

# As a user: a bare environment (no venv, no PYTHONPATH), a home of its own, each run traced for sockets.
home=$work/home
rm -rf "$home" && mkdir -p "$home"
traced() {  # traced [VAR=value...] PROGRAM [ARGS]
    local vars=() trace
    while [[ $1 == *=* ]]; do vars+=("$1"); shift; done
    trace=$(mktemp "$work/trace.XXXXXX")
    env -i PATH=/usr/bin:/bin HOME="$home" LANG=C.UTF-8 "${vars[@]}" \
        strace -f -qq -o "$trace" -e trace=socket,connect "$@" || fail "$(basename "$1") ${*:2} exited with $?"
    if grep -E 'AF_INET6?[,)]' "$trace" >&2; then
        fail "$(basename "$1") opened a network socket (above; the whole trace is in $trace)"
    fi
}

cd "$work"
say "the window on the demo, offscreen, signed in as the demo's administrator (README)"
traced QT_QPA_PLATFORM=offscreen OSGO_EXIT_WHEN=ready OSGO_USER=admin OSGO_PASSWORD=osgo-admin-2026 \
    "$bundle/osgo-desktop" --demo >"$work/gui.out"
grep -q '^OSGO_EXIT_WHEN ' "$work/gui.out" || { cat "$work/gui.out" >&2; fail "the main window never became ready"; }

say "osgo demo --full, export, verify"
db=sqlite:///$work/full.sqlite
rm -f "$work/full.sqlite" "$work/record.zip"
traced "$bundle/osgo" --lang en --db "$db" demo --full
traced OSGO_USER=secretary OSGO_PASSWORD=osgo-secretary "$bundle/osgo" --lang en --db "$db" export 2026/04 --out "$work/record.zip"
traced "$bundle/osgo" --lang en verify "$work/record.zip" | tee "$work/verify.out"
say "passed in $((SECONDS - started)) s"
if [ $# -eq 0 ]; then cd / && rm -rf "$work"; fi  # a folder of its own making: about 1.5 GB
