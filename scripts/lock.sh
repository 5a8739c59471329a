#!/usr/bin/env bash
# Write requirements/lock.txt from pyproject.toml: every runtime, dev and sentry dependency and
# the build backend (setuptools, for dev.py's editable install), at exact versions, with the
# sha256 of every file published for each version, and markers so that one lock serves Linux,
# macOS and Windows on every Python the project supports. dev.py installs it with
# --require-hashes.
#
#   scripts/lock.sh                          keep the locked versions; add or drop what
#                                            pyproject.toml now asks for (run after changing it)
#   scripts/lock.sh --upgrade-package NAME   move NAME (and what it needs) to its newest version
#   scripts/lock.sh --upgrade                move everything to the newest versions allowed
#
# The resolver (uv, pinned below) runs from a throwaway virtual environment: it is not one of
# the project's dependencies. Needs Python 3.11+ and the package index.
set -euo pipefail
cd "$(dirname "$0")/.."

UV_VERSION=0.13.8
LOCK=requirements/lock.txt

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
python3 -m venv "$work/venv"
"$work/venv/bin/python" -m pip install --quiet "uv==$UV_VERSION"

# The versions already locked are kept unless asked otherwise: uv prefers those in its output
# file, so it starts from a copy of the lock.
[ -f "$LOCK" ] && cp "$LOCK" "$work/lock.txt"

# The build backend is not a dependency of anything, so it is given on standard input.
python3 -c 'import tomllib; print("\n".join(tomllib.load(open("pyproject.toml", "rb"))["build-system"]["requires"]))' |
  "$work/venv/bin/uv" pip compile pyproject.toml - \
    --extra dev --extra sentry \
    --universal --python-version 3.11 \
    --generate-hashes --no-header --quiet \
    --output-file "$work/lock.txt" "$@"

{
  echo "# Every dependency of Prevent Delivery Planner (runtime, dev and sentry extras, and setuptools"
  echo "# to build the editable install), with the hashes of every published file of each version."
  echo "# Made by scripts/lock.sh from pyproject.toml; do not edit by hand (README: Dependencies)."
  cat "$work/lock.txt"
} >"$LOCK"
echo "Wrote $LOCK: $(grep -c '^[a-zA-Z]' "$LOCK") packages."
