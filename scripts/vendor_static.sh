#!/usr/bin/env bash
# Refreshes the vendored front-end assets from the npm registry at pinned versions.
# Run by `make vendor`; the results are committed so that neither run nor test needs node.
set -euo pipefail
NHSUK_FRONTEND_VERSION=10.6.1
AXE_CORE_VERSION=4.14.1
here=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"

npm pack --silent "nhsuk-frontend@${NHSUK_FRONTEND_VERSION}" >/dev/null
mkdir nhsuk && tar -xzf nhsuk-frontend-*.tgz -C nhsuk
dest="$here/static/vendor/nhsuk-frontend"
rm -rf "$dest" && mkdir -p "$dest"
cp nhsuk/package/dist/nhsuk/nhsuk-frontend.min.css nhsuk/package/dist/nhsuk/nhsuk-frontend.min.css.map "$dest/"
cp nhsuk/package/dist/nhsuk/nhsuk-frontend.min.js nhsuk/package/dist/nhsuk/nhsuk-frontend.min.js.map "$dest/"
cp -r nhsuk/package/dist/nhsuk/assets "$dest/assets"
# The CSS refers to /assets/...; served under /static/ it must be relative.
sed -i 's#url(/assets/#url(assets/#g' "$dest"/*.min.css
# The web fonts live on an NHS CDN; we load nothing from outside, so drop them (Arial fallback).
perl -0pi -e 's/\@font-face\{[^}]*assets\.nhs\.uk[^}]*\}//g' "$dest"/*.min.css
echo "$NHSUK_FRONTEND_VERSION" > "$dest/VERSION"

npm pack --silent "axe-core@${AXE_CORE_VERSION}" >/dev/null
mkdir axe && tar -xzf axe-core-*.tgz -C axe
dest="$here/static/vendor/axe"
rm -rf "$dest" && mkdir -p "$dest"
cp axe/package/axe.min.js "$dest/"
echo "$AXE_CORE_VERSION" > "$dest/VERSION"
echo "vendored nhsuk-frontend ${NHSUK_FRONTEND_VERSION} and axe-core ${AXE_CORE_VERSION}"
