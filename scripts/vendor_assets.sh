#!/bin/sh
# Vendor front-end assets from the npm registry into the repository.
# Nothing is fetched at run time (closed intranet, reproducible tests): run this
# script by hand to upgrade, review the diff and commit the files it writes.
#
#   scripts/vendor_assets.sh            # the pinned versions below
#   AXE_VERSION=4.14.1 scripts/vendor_assets.sh
set -eu
AXE_VERSION="${AXE_VERSION:-4.14.1}"

root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# axe-core: the accessibility rules engine the browser tests inject into every page
# (tests/browser/test_accessibility.py). A test asset only: never served to users.
(cd "$work" && npm pack --silent "axe-core@$AXE_VERSION" >/dev/null)
tar -xzf "$work/axe-core-$AXE_VERSION.tgz" -C "$work"
mkdir -p "$root/tests/assets"
cp "$work/package/axe.min.js" "$root/tests/assets/axe.min.js"
cp "$work/package/LICENSE" "$root/tests/assets/axe-core.LICENSE"
echo "$AXE_VERSION" > "$root/tests/assets/axe-core.VERSION"
echo "axe-core $AXE_VERSION -> tests/assets/axe.min.js"
