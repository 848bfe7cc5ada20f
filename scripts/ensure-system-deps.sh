#!/usr/bin/env bash
# Install the system packages the tests need, if any are missing (Debian/apt):
#   - PostgreSQL server (initdb/pg_ctl for the throwaway test cluster)
#   - redis-server (Celery broker/result backend in tests)
#   - chromium (Playwright browser tests; Playwright's own browser download is not
#     possible here, so tests use Debian's chromium via CHROMIUM_PATH)
#   - WeasyPrint's shared libraries (Pango, HarfBuzz subsetting) for PDF output
#   - fonts-liberation: Liberation Sans has Arial's metrics, for the Arial-based
#     pages in Chromium and in PDFs.
#   - wrk, the HTTP load generator `make bench` measures page throughput with.
#   - poppler-utils: pdftotext, which the PDF tests read generated PDFs back with.
# As root, missing packages are installed. Otherwise the script lists what to
# install and exits 1.
set -euo pipefail

missing=()

# Debian's postgresql puts the server binaries in a versioned directory.
if ! compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null && ! command -v initdb >/dev/null; then
  missing+=(postgresql)
fi
if ! command -v redis-server >/dev/null || ! command -v redis-cli >/dev/null; then
  missing+=(redis-server)
fi
if [[ ! -x /usr/bin/chromium ]]; then
  missing+=(chromium)
fi
if ! command -v wrk >/dev/null; then
  missing+=(wrk)
fi
if ! command -v pdftotext >/dev/null; then
  missing+=(poppler-utils)
fi
for pkg in libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-liberation; do
  if [[ "$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)" != "install ok installed" ]]; then
    missing+=("$pkg")
  fi
done

if [[ ${#missing[@]} -eq 0 ]]; then
  exit 0
fi

if [[ "$EUID" -ne 0 ]]; then
  echo "Missing system packages: ${missing[*]}" >&2
  echo "Install them with:" >&2
  echo "  sudo apt-get update && sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
  exit 1
fi

echo "==> Installing system packages: ${missing[*]}" >&2
apt-get update
# Debian's postgresql package would also create (and on a machine with an init
# system, start) a "main" cluster on port 5432; the tests never use it.
DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
