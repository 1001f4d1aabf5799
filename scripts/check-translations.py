#!/usr/bin/env python
"""Every English catalogue is complete and compiled.

The strings are extracted afresh, as ``makemessages -l en`` run in ``src/cchc`` would do, but
into a copy of the tree, so a string added to the code and never put in a catalogue counts as
untranslated. Then, per catalogue: no entry without an English text, none marked fuzzy, and the
committed .mo is what ``msgfmt`` makes of the committed .po. Exit status 1 lists what is missing.

    python scripts/check-translations.py          # check
    python scripts/check-translations.py --write  # also update the incomplete .po files
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "cchc"


def entries(po: Path) -> list[tuple[str, str, bool]]:
    """(msgid, msgstr, fuzzy) for every entry but the header; plural forms joined."""
    out = []
    for block in po.read_text(encoding="utf-8").split("\n\n"):
        lines = [ln for ln in block.splitlines() if not ln.startswith("#~")]
        fuzzy = any(ln.startswith("#,") and "fuzzy" in ln for ln in lines)
        fields: dict[str, str] = {}
        key = ""
        for ln in lines:
            m = re.match(r'^(msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?) "(.*)"$', ln)
            if m:
                key = m.group(1)
                fields[key] = m.group(2)
            elif ln.startswith('"') and key:
                fields[key] += ln[1:-1]
        if "msgid" not in fields or fields["msgid"] == "":
            continue
        texts = [v for k, v in fields.items() if k.startswith("msgstr")]
        out.append((fields["msgid"], "" if any(t == "" for t in texts) else texts[0], fuzzy))
    return out


def extract(tree: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "DJANGO_SETTINGS_MODULE": "cchc.settings"}
    subprocess.run(
        # -P: the copy is the working directory, and its statistics app must not shadow the stdlib
        [sys.executable, "-P", "-m", "django", "makemessages", "-l", "en", "--verbosity", "0"],
        cwd=tree,
        env=env,
        check=True,
    )


def main(write: bool) -> int:
    problems: list[str] = []
    with tempfile.TemporaryDirectory(prefix="cchc-i18n-") as tmp:
        copy = Path(tmp) / "cchc"
        shutil.copytree(
            SRC, copy, ignore=shutil.ignore_patterns("__pycache__", "static", "*.mo", "*.pyc")
        )
        extract(copy)
        for fresh in sorted(copy.rglob("locale/en/LC_MESSAGES/django.po")):
            rel = fresh.relative_to(copy)
            committed = SRC / rel
            missing = [f"  untranslated: {i!r}" for i, s, fz in entries(fresh) if not s]
            missing += [f"  fuzzy: {i!r}" for i, s, fz in entries(fresh) if fz]
            if write and missing:  # only the catalogues that lack something: less churn
                shutil.copyfile(fresh, committed)
            if missing:
                problems.append(f"{rel}: {len(missing)} to translate")
                problems.extend(missing)
            if not committed.exists():
                problems.append(f"{rel}: no committed catalogue")
                continue
            mo = committed.with_suffix(".mo")
            built = Path(tmp) / "check.mo"
            subprocess.run(
                ["msgfmt", "--check-format", "-o", str(built), str(committed)], check=True
            )
            if not mo.exists() or mo.read_bytes() != built.read_bytes():
                problems.append(
                    f"{rel.with_suffix('.mo')}: not compiled from the .po (compilemessages)"
                )
    for line in problems:
        print(line)
    if problems:
        return 1
    print("translations: every English catalogue is complete and compiled")
    return 0


if __name__ == "__main__":
    sys.exit(main(write="--write" in sys.argv[1:]))
