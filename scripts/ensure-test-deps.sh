#!/usr/bin/env bash
# Installs what the test suite needs from Debian when it is missing: Chromium (browser tests),
# PostgreSQL 15 binaries (integration tests on PostgreSQL), poppler (PDF checks).
set -euo pipefail
need=()
[ -x /usr/lib/chromium/chromium ] || need+=(chromium)
[ -x /usr/lib/postgresql/15/bin/initdb ] || need+=(postgresql-15)
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
if [ ${#need[@]} -gt 0 ]; then
  echo "Installing test dependencies: ${need[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  # The package starts its own cluster; the tests use a throwaway one instead.
  if [[ " ${need[*]} " == *" postgresql-15 "* ]]; then $SUDO service postgresql stop >/dev/null 2>&1 || true; fi
fi
