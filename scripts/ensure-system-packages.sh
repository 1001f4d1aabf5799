#!/usr/bin/env bash
# Debian packages the suite drives for real: Chromium for browser tests, LibreOffice to prove
# the DOCX reports open, poppler's pdftotext to read what LibreOffice printed, a Java runtime
# for Spark, redis-server for the tests of the Redis cache when no Redis answers. Installed with
# apt-get when missing (never a browser download).
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v soffice >/dev/null 2>&1 || command -v libreoffice >/dev/null 2>&1 || need+=(libreoffice-writer-nogui)
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
# Spark (the national figures) needs a Java runtime, 17 or newer.
java_version=$(java -version 2>&1 || true)
[[ "$java_version" =~ version\ \"(1[7-9]|[2-9][0-9]) ]] || need+=(default-jre-headless)
{ command -v fc-list >/dev/null 2>&1 && fc-list 2>/dev/null | grep -i "liberation serif" >/dev/null; } || need+=(fonts-liberation)
if [ ${#need[@]} -gt 0 ]; then
  echo "== apt-get install ${need[*]}"
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
