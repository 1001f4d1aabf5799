#!/usr/bin/env bash
# Services and pure modules are type-checked; the list grows as apps add them.
cd "$(dirname "$0")/.."
ls src/cchc/*/services.py src/cchc/*/services/*.py src/cchc/core/text.py \
   src/cchc/calendars/workdays.py src/cchc/*/deadlines.py src/cchc/*/timeparse.py \
   src/cchc/*/stats.py src/cchc/*/rules.py src/cchc/core/files.py src/cchc/core/backup.py \
   2>/dev/null | sort -u
