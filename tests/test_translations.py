"""Every English catalogue in the tree is complete and compiled (the committed files; CI's
scripts/check-translations.py also re-extracts the strings from the code)."""

import re
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "cchc"
CATALOGUES = sorted(po.parents[2] for po in SRC.rglob("locale/en/LC_MESSAGES/django.po"))


def untranslated(po: Path) -> list[str]:
    """msgids whose msgstr is empty or marked fuzzy (the header excepted)."""
    missing = []
    for block in po.read_text(encoding="utf-8").split("\n\n"):
        if "#, fuzzy" in block and 'msgid ""\nmsgstr ""\n"Project' not in block:
            missing.append(block)
            continue
        msgid = re.search(r'^msgid "(.*)"$', block, re.M)
        if not msgid or not msgid.group(1):
            continue
        if re.search(r'^msgstr(\[\d\])? ""$(?!\n")', block, re.M):
            missing.append(msgid.group(1))
    return missing


@pytest.mark.parametrize("root", CATALOGUES, ids=lambda p: p.parent.name)
def test_english_catalogue_is_complete_and_compiled(root):
    po = root / "en" / "LC_MESSAGES" / "django.po"
    mo = po.with_suffix(".mo")
    assert untranslated(po) == []
    assert mo.exists() and mo.stat().st_size > 100
