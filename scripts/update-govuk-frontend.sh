#!/usr/bin/env bash
# Copy the GOV.UK Frontend release pinned in package.json into static/vendor/govuk-frontend.
# The copied files are never edited by hand: change the pin and run this script again.
# The GDS Transport font and the crown are for GOV.UK services only, so they are not copied;
# static/app/app.css sets a system font instead.
set -euo pipefail
cd "$(dirname "$0")/.."
version=$(python3 -c 'import json; print(json.load(open("package.json"))["dependencies"]["govuk-frontend"])')
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "govuk-frontend@$version" >/dev/null && tar xzf "govuk-frontend-$version.tgz")
dist="$work/package/dist/govuk"
dest=static/vendor/govuk-frontend
rm -rf "$dest"
mkdir -p "$dest/assets/images"
cp "$dist"/govuk-frontend.min.{css,js}{,.map} "$dest/"
cp "$dist/assets/images/favicon.ico" "$dist/assets/images/favicon.svg" "$dest/assets/images/"
printf "GOV.UK Frontend %s (MIT licence), https://www.npmjs.com/package/govuk-frontend\n" "$version" > "$dest/README"
echo "$version" > "$dest/VERSION"
echo "GOV.UK Frontend $version copied to $dest"
