#!/usr/bin/env bash
# Make sure the system packages ReferKit needs are present.
#   site: Pango (WeasyPrint renders the PDF guides with it)
#   test: also poppler-utils (pdftoppm), zbar-tools (zbarimg), Chromium, Java (the Nu
#         Html Checker), Node.js with npm (axe-core, vnu-jar, Lighthouse), and the
#         other PDF renderers and OCR the form and fax tests use: mupdf-tools (mutool),
#         ghostscript (gs) and tesseract-ocr
# As root with apt-get, missing packages are installed; otherwise this stops and
# says exactly what to install.
set -euo pipefail
need="${1:-site}"

missing=()
have_lib() { ldconfig -p 2>/dev/null | grep -q "$1"; }
have_lib "libpango-1.0.so.0" || missing+=(libpango-1.0-0)
have_lib "libpangoft2-1.0.so.0" || missing+=(libpangoft2-1.0-0)
have_lib "libharfbuzz-subset.so.0" || missing+=(libharfbuzz-subset0)
if [ "$need" = "test" ]; then
  command -v pdftoppm >/dev/null || missing+=(poppler-utils)
  command -v zbarimg >/dev/null || missing+=(zbar-tools)
  command -v chromium >/dev/null || missing+=(chromium)
  command -v java >/dev/null || missing+=(default-jre-headless)
  command -v npm >/dev/null || missing+=(nodejs npm)
  command -v mutool >/dev/null || missing+=(mupdf-tools)
  command -v gs >/dev/null || missing+=(ghostscript)
  command -v tesseract >/dev/null || missing+=(tesseract-ocr tesseract-ocr-eng)
fi

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "Installing system packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  exit 0
fi
echo "ReferKit needs these system packages: ${missing[*]}" >&2
echo "Install them, e.g.: sudo apt-get install ${missing[*]}" >&2
exit 1
