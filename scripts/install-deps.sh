#!/usr/bin/env bash
# Installs the system tools unpv and its tests need, when missing:
#   poppler-utils, mupdf-tools  pdftotext / mutool, the PDF text engines of the extract stage
#   chromium       headless browser for the search-page and report tests
# Needs root (or sudo) the first time; a no-op once everything is present.
set -euo pipefail
need=()
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
command -v mutool >/dev/null 2>&1 || need+=(mupdf-tools)
if [[ "${1:-}" == "--test" ]]; then
  command -v chromium >/dev/null 2>&1 || need+=(chromium)
fi
((${#need[@]})) || exit 0
sudo=""
[[ $(id -u) -eq 0 ]] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
echo "installing: ${need[*]}" >&2
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${need[@]}" fonts-dejavu-core >/dev/null
