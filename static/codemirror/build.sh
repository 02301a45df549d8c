#!/usr/bin/env bash
# Builds static/codemirror-sparql.js and its licence file from the exact packages in package-lock.json.
# Run once after changing package.json (then `npm install --package-lock-only` here); the output is committed,
# so the app never fetches anything. tests/test_sparql_editor.py rebuilds it and compares the bytes.
#   static/codemirror/build.sh [OUT_DIR]     (default: static/)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="$(cd "${1:-$here/..}" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp "$here/package.json" "$here/package-lock.json" "$here/entry.mjs" "$here/licences.mjs" "$work/"
cd "$work"
npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null
banner="/*! CodeMirror 6 (Marijn Haverbeke and others, MIT) with its SPARQL mode, for the SPARQL page. Licences: codemirror-sparql.LICENSE.txt. Built by static/codemirror/build.sh. */"
./node_modules/.bin/esbuild entry.mjs --bundle --minify --format=iife --global-name=CM --target=es2020 \
  --legal-comments=none --charset=utf8 --banner:js="$banner" --metafile=meta.json \
  --log-level=warning --outfile="$out/codemirror-sparql.js"
node licences.mjs meta.json >"$out/codemirror-sparql.LICENSE.txt"
