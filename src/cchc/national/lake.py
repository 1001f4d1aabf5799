"""The national lake: Parquet files under one root (a folder or any fsspec location), written
in batches that become visible all at once.

Layout (hive style, so Spark and DuckDB both see the partitions)::

    <root>/<dataset>/province=<code>/month=<YYYY-MM>/b<batch>-<n>.parquet   dossier facts
    <root>/<dataset>/province=<code>/b<batch>.parquet                         snapshots
    <root>/_manifests/<province>/b<batch>.json                               one per batch

A batch's data files are written first; its manifest last, after every checksum is known. A
reader takes only the files that manifests list, so a batch whose manifest is missing (a
crash half-way) is invisible, and a file whose checksum differs is refused: that is the
atomicity a plain object store gives without a table format.
"""

from __future__ import annotations

import hashlib
import io
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import fsspec
import pyarrow as pa
import pyarrow.parquet as pq

SCHEMA_VERSION = 1
MANIFESTS = "_manifests"


class LakeError(Exception):
    """A lake that cannot be read as it claims to be (Vietnamese message for the operator)."""


def filesystem(uri: str) -> tuple[fsspec.AbstractFileSystem, str]:
    fs, root = fsspec.core.url_to_fs(uri)
    return fs, root.rstrip("/")


@dataclass
class Manifest:
    province: str
    batch: int
    since: str | None
    until: str
    schema_version: int = SCHEMA_VERSION
    files: list[dict[str, Any]] = field(default_factory=list)  # path, dataset, rows, sha256

    def rows(self, dataset: str) -> int:
        return sum(f["rows"] for f in self.files if f["dataset"] == dataset)

    def as_json(self) -> str:
        return json.dumps(self.__dict__, ensure_ascii=False, indent=2, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> Manifest:
        data = json.loads(text)
        if data.get("schema_version") != SCHEMA_VERSION:
            raise LakeError(
                f"Lô dữ liệu có phiên bản lược đồ {data.get('schema_version')!r}, "
                f"hệ thống đọc phiên bản {SCHEMA_VERSION}."
            )
        return cls(**data)


def manifest_path(root: str, province: str, batch: int) -> str:
    return f"{root}/{MANIFESTS}/{province}/b{batch:06d}.json"


class BatchWriter:
    """Writes one batch: ``add(dataset, table, partition)`` for each file, then ``commit()``."""

    def __init__(self, uri: str, *, province: str, batch: int, since: str | None, until: str):
        self.fs, self.root = filesystem(uri)
        self.manifest = Manifest(province=province, batch=batch, since=since, until=until)
        self._count = 0

    def add(self, dataset: str, table: pa.Table, partition: dict[str, str]) -> None:
        if table.num_rows == 0:
            return
        parts = "/".join(f"{k}={v}" for k, v in partition.items())
        self._count += 1
        rel = f"{dataset}/{parts}/b{self.manifest.batch:06d}-{self._count:04d}.parquet"
        buf = io.BytesIO()
        pq.write_table(table, buf, compression="zstd")
        data = buf.getvalue()
        path = f"{self.root}/{rel}"
        self.fs.makedirs(path.rsplit("/", 1)[0], exist_ok=True)
        with self.fs.open(path, "wb") as fh:
            fh.write(data)
        self.manifest.files.append(
            {
                "path": rel,
                "dataset": dataset,
                "rows": table.num_rows,
                "bytes": len(data),
                "sha256": hashlib.sha256(data).hexdigest(),
            }
        )

    def commit(self) -> Manifest:
        path = manifest_path(self.root, self.manifest.province, self.manifest.batch)
        self.fs.makedirs(path.rsplit("/", 1)[0], exist_ok=True)
        tmp = path + ".tmp"
        with self.fs.open(tmp, "w") as fh:
            fh.write(self.manifest.as_json())
        self.fs.mv(tmp, path)
        return self.manifest


def manifests(uri: str) -> list[Manifest]:
    """Every committed batch of the lake, by province then batch number."""
    fs, root = filesystem(uri)
    out = []
    for path in sorted(fs.glob(f"{root}/{MANIFESTS}/*/b*.json")):
        with fs.open(path, "r") as fh:
            out.append(Manifest.from_json(fh.read()))
    return sorted(out, key=lambda m: (m.province, m.batch))


def verify(uri: str, manifest: Manifest) -> None:
    """Raise ``LakeError`` unless every file of the batch is there with its checksum."""
    fs, root = filesystem(uri)
    for f in manifest.files:
        path = f"{root}/{f['path']}"
        if not fs.exists(path):
            raise LakeError(f"Thiếu tệp {f['path']} của lô {manifest.batch} ({manifest.province}).")
        with fs.open(path, "rb") as fh:
            digest = hashlib.sha256(fh.read()).hexdigest()
        if digest != f["sha256"]:
            raise LakeError(
                f"Tệp {f['path']} không khớp mã kiểm tra của lô {manifest.batch} "
                f"({manifest.province})."
            )


@dataclass
class LakeFiles:
    """What the engines read: each dataset's files, and whether a dossier may appear in
    more than one batch (then the latest batch wins)."""

    root: str
    protocol: str
    datasets: dict[str, list[str]]
    multi_batch: bool
    manifests: list[Manifest]


def lake_files(uri: str, *, check: bool = False) -> LakeFiles:
    fs, root = filesystem(uri)
    found = manifests(uri)
    if not found:
        raise LakeError(f"Không có lô dữ liệu nào trong {uri}.")
    datasets: dict[str, list[str]] = {}
    per_province: dict[str, int] = {}
    for m in found:
        if check:
            verify(uri, m)
        per_province[m.province] = per_province.get(m.province, 0) + 1
        for f in m.files:
            datasets.setdefault(f["dataset"], []).append(f"{root}/{f['path']}")
    protocol = fs.protocol if isinstance(fs.protocol, str) else fs.protocol[0]
    return LakeFiles(
        root=root,
        protocol=protocol,
        datasets=datasets,
        multi_batch=any(n > 1 for n in per_province.values()),
        manifests=found,
    )


def iter_tables(uri: str, dataset: str) -> Iterable[pa.Table]:
    """Plain reading, for tests and small snapshots."""
    fs, _root = filesystem(uri)
    for path in lake_files(uri).datasets.get(dataset, []):
        with fs.open(path, "rb") as fh:
            yield pq.read_table(fh)
