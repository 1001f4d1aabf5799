"""Typed look-ups in rendered HTML: a missing element fails the test with the selector named,
instead of an AttributeError on None."""

from __future__ import annotations

from bs4 import BeautifulSoup, Tag


def one(soup: BeautifulSoup | Tag, selector: str) -> Tag:
    found = soup.select_one(selector)
    assert found is not None, f"no element matches {selector!r}"
    return found


def text(soup: BeautifulSoup | Tag, selector: str) -> str:
    return one(soup, selector).get_text()


def attr(tag: Tag, name: str) -> str:
    value = tag.get(name)
    assert isinstance(value, str), f"<{tag.name}> has no single-valued {name!r}"
    return value
