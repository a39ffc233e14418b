#!/usr/bin/env bash
# `roadmap` from a copy of this repository's source, as the GitHub Action
# (action.yml) and the pre-commit hook (.pre-commit-hooks.yaml) get it: the first
# run builds dist/ (npm ci, then esbuild; output on stderr), every run then is
# `node dist/cli.js "$@"`. Needs Node.js 20 or later.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cli="$here/dist/cli.js"
if [ ! -f "$cli" ]; then
  echo "roadmap: building $cli (once)…" >&2
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error && node esbuild.mjs) >&2
fi
exec node "$cli" "$@"
