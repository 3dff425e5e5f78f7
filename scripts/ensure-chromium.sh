#!/usr/bin/env bash
# The browser tests use Debian's Chromium (playwright-core drives it; no browser download).
set -euo pipefail
if [ -x /usr/bin/chromium ] && fc-list 2>/dev/null | grep -qi wqy; then exit 0; fi
if [ "$(id -u)" != "0" ]; then
  echo "Chromium is missing and this is not root: sudo apt-get install chromium" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq chromium fonts-wqy-microhei >/dev/null
/usr/bin/chromium --version
