"""One archive holds a whole CCHC: every table's rows and every uploaded file.

Why not ``dumpdata``/``loaddata`` alone: loading into a freshly migrated database keeps what the
migrations seeded (a deleted day off came back), and neither keeps the files under MEDIA_ROOT.
A restore therefore empties every table first (``flush`` without the post-migrate signal that
would re-create content types and permissions), loads every row with its primary key in one
transaction (loaddata resets the PostgreSQL sequences), and replaces MEDIA_ROOT. The archive is
the same for SQLite and PostgreSQL, so it also moves a demo onto a production server.

Layout of the ``.tar.gz``: ``manifest.json`` (format, date, engine, applied migrations, rows per
table), ``data.jsonl`` (one row a line, Django's serialisation with full-precision times) and ``media/…``.
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
import json
import shutil
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.management import call_command
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.db.migrations.recorder import MigrationRecorder

from .errors import DomainError

FORMAT = "cchc-backup/1"
#: Not data: sessions sign in again after a restore.
EXCLUDED = ["sessions.session"]


@dataclass
class BackupResult:
    path: Path
    rows: int
    files: int


def _applied_migrations() -> list[list[str]]:
    recorder = MigrationRecorder(connection)
    return sorted([app, name] for app, name in recorder.applied_migrations())


def _row_counts() -> dict[str, int]:
    excluded = {label.lower() for label in EXCLUDED}
    return {
        model._meta.label_lower: model._base_manager.count()
        for model in apps.get_models()
        if model._meta.label_lower not in excluded and model._meta.managed
    }


def backup(output: Path) -> BackupResult:
    """Write the archive to ``output`` (its directory must exist)."""
    media = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(prefix="cchc-backup-") as tmp:
        data = Path(tmp) / "data.jsonl"
        with data.open("w", encoding="utf-8") as out:
            _dump(out)
        counts = _row_counts()
        manifest = {
            "format": FORMAT,
            "created_at": dt.datetime.now(dt.UTC).isoformat(),
            "engine": connection.vendor,
            "migrations": _applied_migrations(),
            "rows": counts,
        }
        files = 0
        with tarfile.open(output, "w:gz") as tar:
            blob = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
            info = tarfile.TarInfo("manifest.json")
            info.size = len(blob)
            tar.addfile(info, io.BytesIO(blob))
            tar.add(data, arcname="data.jsonl")
            if media.is_dir():
                for path in sorted(media.rglob("*")):
                    if path.is_file() and not path.is_symlink():
                        tar.add(path, arcname=f"media/{path.relative_to(media).as_posix()}")
                        files += 1
    return BackupResult(path=output, rows=sum(counts.values()), files=files)


class _Encoder(DjangoJSONEncoder):
    """Full precision: Django's encoder cuts datetimes to milliseconds, which is not a round
    trip (and changes every ``received_at``)."""

    def default(self, o):
        if isinstance(o, dt.datetime | dt.time):
            return o.isoformat()
        return super().default(o)


def _models() -> list:
    excluded = {label.lower() for label in EXCLUDED}
    return [
        m
        for m in apps.get_models()
        if m._meta.managed and not m._meta.proxy and m._meta.label_lower not in excluded
    ]


def _dump(out) -> None:
    """One JSON object per line, model by model in primary-key order, streamed in chunks."""
    for model in _models():
        rows = model._base_manager.order_by("pk").iterator(chunk_size=2000)
        while chunk := list(itertools.islice(rows, 2000)):
            for obj in serializers.serialize("python", chunk):
                out.write(json.dumps(obj, cls=_Encoder, ensure_ascii=False) + "\n")


def _load(lines) -> None:
    """What ``loaddata`` does, for our lines: save each row with its key (foreign keys are
    checked at commit: Django creates them deferred), then reset the sequences."""
    touched = set()
    batch: list[dict] = []

    def flush_batch() -> None:
        for item in serializers.deserialize("python", batch):
            item.save()
            touched.add(type(item.object))
        batch.clear()

    for line in lines:
        if line.strip():
            batch.append(json.loads(line))
            if len(batch) >= 2000:
                flush_batch()
    flush_batch()
    sql = connection.ops.sequence_reset_sql(no_style(), list(touched))
    with connection.cursor() as cursor:
        for statement in sql:
            cursor.execute(statement)


def database_is_empty() -> bool:
    """No person has used it: no user account (a fresh ``migrate`` creates none)."""
    from django.contrib.auth import get_user_model

    return not get_user_model()._base_manager.exists()


def restore(archive: Path, *, force: bool = False) -> BackupResult:
    """Replace the database's rows and MEDIA_ROOT with the archive's. Refuses a database that
    is in use unless ``force``; refuses an archive of another schema version."""
    if not tarfile.is_tarfile(archive):
        raise DomainError(f"«{archive}» không phải tệp sao lưu của CCHC.")
    with tempfile.TemporaryDirectory(prefix="cchc-restore-") as tmp:
        root = Path(tmp)
        with tarfile.open(archive, "r:gz") as tar:
            tar.extractall(root, filter="data")  # no absolute paths, no "..", no devices
        manifest_path = root / "manifest.json"
        if not manifest_path.exists():
            raise DomainError(f"«{archive}» không có manifest.json: không phải bản sao lưu CCHC.")
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        if manifest.get("format") != FORMAT:
            raise DomainError(f"Định dạng sao lưu «{manifest.get('format')}» không được hỗ trợ.")
        call_command("migrate", interactive=False, verbosity=0)
        if manifest["migrations"] != _applied_migrations():
            raise DomainError(
                "Bản sao lưu được tạo bởi một phiên bản CCHC khác (danh sách migration khác nhau): "
                "hãy khôi phục bằng đúng phiên bản đã sao lưu rồi nâng cấp."
            )
        if not force and not database_is_empty():
            raise DomainError(
                "Cơ sở dữ liệu đang có dữ liệu: khôi phục sẽ xóa toàn bộ. Thêm --force nếu chắc chắn."
            )
        with transaction.atomic():
            call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
            with (root / "data.jsonl").open(encoding="utf-8") as lines:
                _load(lines)
        media = Path(settings.MEDIA_ROOT)
        restored = root / "media"
        files = sum(1 for p in restored.rglob("*") if p.is_file()) if restored.is_dir() else 0
        if media.exists():
            shutil.rmtree(media)
        if restored.is_dir():
            shutil.move(str(restored), str(media))
        else:
            media.mkdir(parents=True, exist_ok=True)
    return BackupResult(path=archive, rows=sum(manifest["rows"].values()), files=files)
