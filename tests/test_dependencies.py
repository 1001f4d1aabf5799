"""The apps form a one-way house: no app imports an app above it (issue 9).

Order, lowest first (``LAYERS``)::

    core ← organizations ← accounts ← calendars ← procedures ← dossiers ← statistics ← plans
    ← periodic ← (feedback, evaluations, surveys, indices, staff, inspections) ← national ← demo

A lower app offers a registry (indicators, home widgets, dashboard sections, history rules,
recomputers, signals) and the higher apps fill it from their ``AppConfig.ready()``.

Rules checked on every module under ``src/cchc`` (parsed with ``ast``, so imports inside
functions count as much as those at the top):

- An app imports only itself and the apps of lower layers.
- The six apps of the peer layer do not import each other, except the edges in ``PEER_EDGES``,
  one way only (a test checks that the table has no cycle).
- Imports under ``if TYPE_CHECKING:`` are skipped: they exist for type hints, create no
  runtime edge and no import cycle (organizations' services annotate ``actor: User``).
- Tests (modules in a ``tests`` package, ``conftest.py``) follow their app's rule, and may also
  use ``cchc.testing`` (personas, browser fixtures), ``cchc.demo`` (seed tables, sample
  generators) and the project modules (``cchc.urls`` to reload the URLconf): these sit outside
  the order for tests.
- Code that is not a test imports nothing from a ``tests`` package nor from ``cchc.testing``.
- ``cchc.testing`` may import any app but ``demo``; the project modules (``settings``,
  ``urls``, ``api``, ``wsgi``, ``manage``) sit above every app and may import any of them.
- A package under ``src/cchc`` that is in none of these lists fails the test: a new app must
  take its place in the order here.

``python tests/test_dependencies.py [--no-tests] [src/cchc]`` prints the import graph between
apps (adjacency list, with the number of import statements per edge).
"""

from __future__ import annotations

import ast
import sys
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "cchc"

LAYERS: list[tuple[str, ...]] = [
    ("core",),
    ("organizations",),
    ("accounts",),
    ("calendars",),
    ("procedures",),
    ("dossiers",),
    ("statistics",),
    ("plans",),
    ("periodic",),
    ("feedback", "evaluations", "surveys", "indices", "staff", "inspections"),
    ("national",),
    ("demo",),
]
# Allowed imports between apps of one layer, (importer, imported), one way only (no cycle):
# staff offers the conduct-record registry that inspections fills; an unsatisfied rating
# (evaluations) opens a feedback case; the survey figures of the province report are read
# next to the other citizen-voice ones (surveys' tests).
PEER_EDGES = {
    ("inspections", "staff"),
    ("evaluations", "feedback"),
    ("surveys", "evaluations"),
    ("surveys", "feedback"),
    # conduct records: feedback and ratings fill the staff card's registry (staff reads neither)
    ("feedback", "staff"),
    ("evaluations", "staff"),
}
TEST_HELPERS = {"testing", "demo"}
PROJECT_MODULES = {"settings", "urls", "api", "wsgi", "manage", "__init__"}
NOT_PYTHON_APPS = {"formats", "locale", "static", "templates"}

LEVEL = {app: i for i, layer in enumerate(LAYERS) for app in layer}


@dataclass(frozen=True)
class Import:
    path: Path  # relative to src/cchc
    line: int
    target: str  # the dotted module imported

    @property
    def owner(self) -> str:
        """The app (first folder) or project module the importing file belongs to."""
        parts = self.path.parts
        return parts[0] if len(parts) > 1 else self.path.stem

    @property
    def is_test(self) -> bool:
        return "tests" in self.path.parts[:-1] or self.path.name == "conftest.py"

    @property
    def app(self) -> str | None:
        """The app of ``cchc`` the import points to (None for anything outside ``cchc``)."""
        parts = self.target.split(".")
        return parts[1] if parts[0] == "cchc" and len(parts) > 1 else None

    def __str__(self) -> str:
        return f"src/cchc/{self.path}:{self.line}: {self.owner} imports {self.target}"


def _type_checking_lines(tree: ast.Module) -> set[int]:
    lines: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If):
            test = node.test
            name = test.id if isinstance(test, ast.Name) else getattr(test, "attr", None)
            if name == "TYPE_CHECKING":
                for child in node.body:
                    for sub in ast.walk(child):
                        if hasattr(sub, "lineno"):
                            lines.add(sub.lineno)
    return lines


def _package(path: Path) -> list[str]:
    """``cchc.<...>`` package of a module, for resolving relative imports."""
    parts = ["cchc", *path.parts[:-1]]
    return parts


def imports(root: Path = SRC) -> Iterator[Import]:
    for file in sorted(root.rglob("*.py")):
        rel = file.relative_to(root)
        tree = ast.parse(file.read_text(encoding="utf-8"), filename=str(file))
        skip = _type_checking_lines(tree)
        for node in ast.walk(tree):
            if getattr(node, "lineno", None) in skip:
                continue
            if isinstance(node, ast.Import):
                for alias in node.names:
                    yield Import(rel, node.lineno, alias.name)
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    package = _package(rel)
                    base = package[: len(package) - node.level + 1]
                    module = ".".join([*base, *([node.module] if node.module else [])])
                else:
                    module = node.module or ""
                if node.module is None or node.level:
                    # ``from . import x`` / ``from cchc import statistics``: the names may be
                    # modules; count each as its own target.
                    for alias in node.names:
                        yield Import(rel, node.lineno, f"{module}.{alias.name}")
                else:
                    yield Import(rel, node.lineno, module)
                    if module == "cchc":
                        for alias in node.names:
                            yield Import(rel, node.lineno, f"cchc.{alias.name}")


def problem(imp: Import) -> str | None:
    """Why this import breaks the house rules, or None."""
    owner, target = imp.owner, imp.app
    if target is None or target == owner:
        if target == owner and ".tests" in imp.target and not imp.is_test:
            return "code that is not a test imports a tests package"
        return None
    if owner in PROJECT_MODULES:
        return None
    if target in NOT_PYTHON_APPS:
        return None
    if target in PROJECT_MODULES:
        return None if imp.is_test else f"imports the project module cchc.{target}"
    if ".tests" in imp.target and not imp.is_test:
        return "code that is not a test imports a tests package"
    if owner == "testing":
        return "cchc.testing imports the demo app" if target == "demo" else None
    if owner not in LEVEL:
        return f"{owner} is not in the dependency order (add it to LAYERS)"
    if target == "testing":
        return None if imp.is_test else "code that is not a test imports cchc.testing"
    if target not in LEVEL:
        return f"imports {target}, which is not in the dependency order"
    if imp.is_test and target in TEST_HELPERS:
        return None
    if LEVEL[target] < LEVEL[owner]:
        return None
    if LEVEL[target] == LEVEL[owner]:
        if (owner, target) in PEER_EDGES:
            return None
        return f"peers {owner} and {target} may not import each other (see PEER_EDGES)"
    return (
        f"{owner} (layer {LEVEL[owner]}) imports {target}, an app above it (layer {LEVEL[target]})"
    )


def graph(root: Path = SRC, *, tests: bool = True) -> dict[str, dict[str, int]]:
    """App → imported app → number of import statements (with or without the tests)."""
    edges: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for imp in imports(root):
        if imp.app and imp.app != imp.owner and (tests or not imp.is_test):
            edges[imp.owner][imp.app] += 1
    return {a: dict(sorted(b.items())) for a, b in sorted(edges.items())}


def test_every_package_has_a_place():
    packages = {p.name for p in SRC.iterdir() if p.is_dir() and not p.name.startswith("_")}
    unknown = packages - set(LEVEL) - TEST_HELPERS - NOT_PYTHON_APPS
    assert not unknown, f"put these apps in LAYERS: {sorted(unknown)}"


def test_peer_edges_go_one_way():
    edges = set(PEER_EDGES)
    assert all(LEVEL[a] == LEVEL[b] for a, b in edges)

    def reaches(start: str, goal: str, seen: frozenset[str] = frozenset()) -> bool:
        return any(
            b == goal or (b not in seen and reaches(b, goal, seen | {b}))
            for a, b in edges
            if a == start
        )

    assert not [a for a, _b in edges if reaches(a, a)], "PEER_EDGES has a cycle"


def test_no_app_imports_an_app_above_it():
    found = [f"{imp}  ← {why}" for imp in imports() if (why := problem(imp))]
    assert not found, "Imports against the dependency order:\n" + "\n".join(found)


def test_the_check_catches_what_it_should(tmp_path):
    """The rules above, on a small tree: an upward import inside a function, a production
    module importing a test package, a peer edge not allowed, and the allowed ones."""
    files = {
        "statistics/views.py": "def f():\n    from cchc.plans.models import Plan\n",
        "plans/stats.py": "from cchc.statistics import indicators\nfrom .tests import x\n",
        "plans/tests/test_x.py": "from cchc.demo.data import plan_seeds\nimport cchc.testing\n",
        "staff/models.py": "from cchc.inspections.models import Inspection\n",
        "inspections/conduct.py": "from cchc.staff import conduct\n",
        "organizations/views.py": (
            "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
            "    from cchc.accounts.models import User\n"
        ),
    }
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    found = {(str(i.path), i.target): problem(i) for i in imports(tmp_path)}
    assert "above it" in found[("statistics/views.py", "cchc.plans.models")]
    assert "tests package" in found[("plans/stats.py", "cchc.plans.tests.x")]
    assert found[("plans/stats.py", "cchc.statistics")] is None
    assert found[("plans/tests/test_x.py", "cchc.demo.data")] is None
    assert found[("plans/tests/test_x.py", "cchc.testing")] is None
    assert "peers" in found[("staff/models.py", "cchc.inspections.models")]
    assert found[("inspections/conduct.py", "cchc.staff")] is None
    assert ("organizations/views.py", "cchc.accounts.models") not in found


if __name__ == "__main__":
    # python tests/test_dependencies.py [--no-tests] [path/to/src/cchc]
    args = [a for a in sys.argv[1:] if a != "--no-tests"]
    root = Path(args[0]) if args else SRC
    for app, targets in graph(root, tests="--no-tests" not in sys.argv).items():
        print(f"{app:<14} → " + ", ".join(f"{t} ({n})" for t, n in targets.items()))
