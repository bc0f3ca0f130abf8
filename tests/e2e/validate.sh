#!/usr/bin/env bash
# Validates every *.html of a built site with the Nu HTML Checker (vnu.jar from
# the vnu-jar npm package, run with the machine's java). Exits non-zero on any
# error; warnings are not reported (--errors-only).
#
#   tests/e2e/validate.sh SITE_DIR
#
# Needs `npm ci` in tests/e2e first (.ci/e2e does it).
set -euo pipefail

if [ "$#" -ne 1 ]; then
  echo "usage: $0 SITE_DIR" >&2
  exit 2
fi
site=$1
here=$(cd "$(dirname "$0")" && pwd)
jar="$here/node_modules/vnu-jar/build/dist/vnu.jar"

if [ ! -d "$site" ]; then
  echo "validate.sh: $site is not a folder" >&2
  exit 2
fi
if [ ! -f "$jar" ]; then
  echo "validate.sh: $jar not found; run \`npm ci\` in $here" >&2
  exit 2
fi
if ! command -v java >/dev/null 2>&1; then
  echo "validate.sh: java not found (apt-get install default-jre-headless)" >&2
  exit 2
fi

count=$(find "$site" -type f -name '*.html' | wc -l)
if [ "$count" -eq 0 ]; then
  echo "validate.sh: no *.html in $site" >&2
  exit 1
fi

# vnu walks the folder itself (file names with spaces or markup in them are
# fine that way); --skip-non-html leaves CSS, JS, SVG and images alone.
# No --filterpattern: nothing phasebook writes has needed one so far. If a
# vnu false positive ever turns up, filter that one message here and say why.
echo "validate.sh: checking $count HTML files in $site"
status=0
java -Xss4m -jar "$jar" --errors-only --skip-non-html "$site" || status=$?
if [ "$status" -ne 0 ]; then
  echo "validate.sh: the Nu HTML Checker found errors in $site (exit $status)" >&2
  exit 1
fi
echo "validate.sh: no errors in $site"
