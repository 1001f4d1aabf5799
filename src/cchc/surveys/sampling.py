"""Sample size and stratified random sampling for satisfaction surveys (DOMAIN.md section 8).
Pure: no ORM, so the arithmetic is tested exhaustively and reproduced from a stored seed."""

from __future__ import annotations

import math
import random
from collections.abc import Hashable, Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import TypeVar

K = TypeVar("K", bound=Hashable)
T = TypeVar("T")


def sample_size(population: int, margin: Decimal | float | str) -> int:
    """Slovin's formula used by the SIPAS guidance: n = N / (1 + N·e²), rounded up.
    Exact arithmetic (fractions), so 1000 at 5% is 286, not 285.99… → 286 by luck."""
    if population < 0:
        raise ValueError("Quy mô tổng thể phải không âm.")
    e = Fraction(str(margin))
    if not (0 < e < 1):
        raise ValueError("Sai số phải lớn hơn 0 và nhỏ hơn 1.")
    if population == 0:
        return 0
    n = Fraction(population) / (1 + population * e * e)
    return min(population, math.ceil(n))


def allocate(sizes: Mapping[K, int], n: int) -> dict[K, int]:
    """Proportional allocation of ``n`` over strata (largest remainder; ties by key order so
    the result never depends on dict order)."""
    total = sum(sizes.values())
    if n > total:
        raise ValueError("Cỡ mẫu lớn hơn tổng thể.")
    if total == 0:
        return {k: 0 for k in sizes}
    keys = sorted(sizes, key=repr)
    exact = {k: Fraction(n * sizes[k], total) for k in keys}
    out = {k: math.floor(exact[k]) for k in keys}
    left = n - sum(out.values())
    by_remainder = sorted(keys, key=lambda k: (-(exact[k] - out[k]), repr(k)))
    for k in by_remainder[:left]:
        out[k] += 1
    return out


def draw(strata: Mapping[K, Sequence[T]], n: int, seed: int) -> dict[K, list[T]]:
    """A stratified simple random sample: the same strata, ``n`` and ``seed`` give the same
    sample on any machine (members sorted first, one ``random.Random(seed)``)."""
    quotas = allocate({k: len(v) for k, v in strata.items()}, n)
    rng = random.Random(seed)
    out: dict[K, list[T]] = {}
    for k in sorted(strata, key=repr):
        members = sorted(strata[k])  # type: ignore[type-var]
        out[k] = sorted(rng.sample(members, quotas[k]))  # type: ignore[type-var]
    return out
