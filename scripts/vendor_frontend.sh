#!/usr/bin/env bash
# Rebuilds the vendored front-end libraries from the npm registry at pinned versions.
# The result is committed under cvv/static/vendor/ (and tests/browser/vendor/ for axe-core)
# so the platform works offline, with no CDN.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cat > "$tmp/package.json" <<'JSON'
{ "name": "cvv-vendor", "private": true,
  "dependencies": { "htmx.org": "2.0.4", "leaflet": "1.9.4", "chart.js": "4.4.7", "axe-core": "4.10.2", "@geoman-io/leaflet-geoman-free": "2.18.3" } }
JSON
(cd "$tmp" && npm install --no-audit --no-fund --silent)
dest=cvv/static/vendor
rm -rf "$dest" tests/browser/vendor
mkdir -p "$dest/htmx" "$dest/leaflet/images" "$dest/chartjs" tests/browser/vendor
cp "$tmp/node_modules/htmx.org/dist/htmx.min.js" "$dest/htmx/"
cp "$tmp/node_modules/htmx.org/LICENSE" "$dest/htmx/LICENSE"
cp "$tmp/node_modules/leaflet/dist/leaflet.js" "$tmp/node_modules/leaflet/dist/leaflet.css" "$dest/leaflet/"
cp "$tmp/node_modules/leaflet/dist/images/"*.png "$dest/leaflet/images/"
cp "$tmp/node_modules/leaflet/LICENSE" "$dest/leaflet/LICENSE"
cp "$tmp/node_modules/chart.js/dist/chart.umd.js" "$dest/chartjs/chart.umd.min.js"
cp "$tmp/node_modules/chart.js/LICENSE.md" "$dest/chartjs/LICENSE.md"
cp "$tmp/node_modules/axe-core/axe.min.js" tests/browser/vendor/
cp "$tmp/node_modules/axe-core/LICENSE" tests/browser/vendor/axe-core.LICENSE
mkdir -p "$dest/leaflet-geoman" && cp "$tmp/node_modules/@geoman-io/leaflet-geoman-free/dist/leaflet-geoman."{min.js,css} "$tmp/node_modules/@geoman-io/leaflet-geoman-free/LICENSE" "$dest/leaflet-geoman/"
# Source maps are not vendored: strip the `sourceMappingURL` comments, otherwise the production
# static storage (ManifestStaticFilesStorage) fails on the missing .map files at collectstatic.
# Deterministic (only the comment is removed); the test suite checks no reference is left.
find "$dest" -type f \( -name '*.js' -o -name '*.css' \) -print0 | xargs -0 node -e '
  const fs = require("fs");
  for (const f of process.argv.slice(1)) {
    const text = fs.readFileSync(f, "utf8");
    const out = text.replace(/^[ \t]*\/\/[#@] sourceMappingURL=\S*[ \t]*$\n?/gm, "")
      .replace(/\/\*[#@] sourceMappingURL=[^*]*\*\/[ \t]*\n?/g, "");
    if (out !== text) { fs.writeFileSync(f, out); console.log("stripped source map reference:", f); }
  }'
(cd "$tmp" && node -e 'const fs=require("fs"); for (const p of ["htmx.org","leaflet","chart.js","axe-core","@geoman-io/leaflet-geoman-free"]) console.log(p, JSON.parse(fs.readFileSync("node_modules/"+p+"/package.json")).version)') > "$dest/VERSIONS.txt"
# The API documentation page (/api/v1/docs): Swagger UI, with the source map its CSS names.
(cd "$tmp" && npm install --no-audit --no-fund --silent swagger-ui-dist@5.35.0)
mkdir -p "$dest/swagger-ui"
cp "$tmp/node_modules/swagger-ui-dist/"{swagger-ui-bundle.js,swagger-ui-bundle.js.LICENSE.txt,swagger-ui.css,swagger-ui.css.map,LICENSE,NOTICE} "$dest/swagger-ui/"
(cd "$tmp" && node -e 'console.log("swagger-ui-dist", require("./node_modules/swagger-ui-dist/package.json").version)') >> "$dest/VERSIONS.txt"
cat "$dest/VERSIONS.txt"
