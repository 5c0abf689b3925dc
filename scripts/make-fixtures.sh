#!/usr/bin/env bash
# Regenerate the binary test fixtures in tests/data/ from the seed reports in
# examples/reports/: a PDF and a DOCX of every seed (LibreOffice headless, with
# a CJK font so the PDF has real glyphs and a ToUnicode map), a GB18030 copy
# and a UTF-16LE-with-BOM copy of seed 000, and a password-protected PDF.
#
# Needs (Debian): libreoffice-writer-nogui fonts-wqy-microhei qpdf
#   apt-get update && apt-get install -y --no-install-recommends \
#     libreoffice-writer-nogui fonts-wqy-microhei qpdf
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
SEEDS="${SEEDS:-$ROOT/examples/reports}"
OUT="${OUT:-$ROOT/tests/data}"
mkdir -p "$OUT"

for tool in soffice iconv qpdf; do
  command -v "$tool" >/dev/null || { echo "make-fixtures: $tool not found; see the header of $0" >&2; exit 1; }
done
fc-list | grep -qi "wenquanyi\|wqy" || { echo "make-fixtures: no WenQuanYi font; install fonts-wqy-microhei" >&2; exit 1; }

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
# A private LibreOffice profile, so a running office or a stale lock cannot interfere.
PROFILE="file://$WORK/profile"

for seed in "$SEEDS"/*.txt; do
  name="$(basename "$seed" .txt)"
  cp "$seed" "$WORK/$name.txt"
  for fmt in pdf docx; do
    soffice -env:UserInstallation="$PROFILE" --headless \
      --infilter="Text (encoded):UTF8" --convert-to "$fmt" --outdir "$WORK" "$WORK/$name.txt" >/dev/null 2>&1
    cp "$WORK/$name.$fmt" "$OUT/$name.$fmt"
  done
done

first="$(ls "$SEEDS"/*.txt | head -n 1)"
base="$(basename "$first" .txt)"
iconv -f UTF-8 -t GB18030 "$first" > "$OUT/${base}.gb18030.txt"
{ printf '\xff\xfe'; iconv -f UTF-8 -t UTF-16LE "$first"; } > "$OUT/${base}.utf16le.txt"
# Opening needs the user password "secret".
qpdf --encrypt secret owner 256 -- "$OUT/$base.pdf" "$OUT/${base}.encrypted.pdf"

ls -l "$OUT"
