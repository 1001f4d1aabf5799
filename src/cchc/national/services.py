"""Writes of the national app: a province's export, and the national instance's receipt of
a batch (from a shared location or an upload)."""

from __future__ import annotations

import hashlib
import io
import tarfile
from datetime import datetime

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from cchc.core.errors import Conflict, DomainError, Forbidden

from . import facts, lake
from .models import ExportBatch, ReceivedBatch


def national_export(
    *, out: str, since: datetime | None = None, full: bool = False, now: datetime | None = None
) -> ExportBatch:
    """Write the dossiers changed since the watermark (or ``since``), with a snapshot of the
    agencies and procedures, as one batch; the manifest is written last, so a batch is seen
    whole or not at all. ``full`` ignores the watermark."""
    province = facts.province_code()
    until = now or timezone.now()
    last = ExportBatch.objects.filter(province=province, uri=out).order_by("-batch").first()
    if since is None and not full and last is not None:
        since = last.until
    if since is not None and since >= until:
        raise DomainError("Mốc xuất phải trước thời điểm hiện tại.", code="bad_watermark")
    existing = [m.batch for m in lake.manifests(out) if m.province == province]
    number = max([0, *existing, last.batch if last else 0]) + 1
    writer = lake.BatchWriter(
        out, province=province, batch=number,
        since=since.isoformat() if since else None, until=until.isoformat(),
    )  # fmt: skip
    for month, table in facts.dossier_batches(number, since, until):
        writer.add(facts.DOSSIERS, table, {"province": province, "month": month})
    writer.add(facts.AGENCIES, facts.agency_table(number), {"province": province})
    writer.add(facts.PROCEDURES, facts.procedure_table(number), {"province": province})
    writer.add(facts.RATINGS, facts.rating_table(number), {"province": province})
    writer.add(facts.FEEDBACK, facts.feedback_table(number), {"province": province})
    writer.add(facts.INDEX_SCORES, facts.index_score_table(number), {"province": province})
    writer.add(facts.SIPAS, facts.sipas_table(number), {"province": province})
    writer.add(facts.PUBLICATIONS, facts.publication_table(number), {"province": province})
    manifest = writer.commit()
    return ExportBatch.objects.create(
        province=province,
        batch=number,
        uri=out,
        since=since,
        until=until,
        rows={ds: manifest.rows(ds) for ds in facts.SCHEMAS},
    )


def _record(manifest: lake.Manifest, via: str) -> ReceivedBatch:
    row, _created = ReceivedBatch.objects.update_or_create(
        province=manifest.province,
        batch=manifest.batch,
        defaults={
            "until": datetime.fromisoformat(manifest.until),
            "rows": {ds: manifest.rows(ds) for ds in facts.SCHEMAS},
            "received_via": via,
        },
    )
    return row


@transaction.atomic
def national_ingest(*, source: str) -> list[ReceivedBatch]:
    """Verify every batch in a shared lake location and record which province sent what, up
    to when. A batch whose files don't match its manifest stops the whole run."""
    out = []
    for m in lake.manifests(source):
        lake.verify(source, m)
        out.append(_record(m, "location"))
    return out


MAX_UPLOAD = 2 * 1024**3


def _read_archive(archive: bytes) -> tuple[lake.Manifest, dict[str, bytes]]:
    """The manifest and the files of an uploaded tar, each checked against its checksum."""
    try:
        with tarfile.open(fileobj=io.BytesIO(archive), mode="r:*") as tar:
            members = {m.name: m for m in tar.getmembers() if m.isfile()}
            contents = {
                name: fh.read()
                for name, m in members.items()
                if (fh := tar.extractfile(m)) is not None
            }
    except (tarfile.TarError, EOFError, OSError) as exc:
        raise DomainError(
            "Tệp tải lên không phải gói lô số liệu (tar).", code="bad_archive"
        ) from exc
    manifest_names = [n for n in contents if n.startswith(f"{lake.MANIFESTS}/")]
    if len(manifest_names) != 1:
        raise DomainError("Gói phải có đúng một bản kê (manifest).", code="bad_archive")
    try:
        manifest = lake.Manifest.from_json(contents[manifest_names[0]].decode())
    except (ValueError, TypeError, lake.LakeError) as exc:
        raise DomainError(f"Bản kê không đọc được: {exc}", code="bad_manifest") from exc
    blobs: dict[str, bytes] = {}
    for f in manifest.files:
        rel = f["path"]
        if rel.startswith("/") or ".." in rel.split("/") or rel not in contents:
            raise DomainError(f"Gói thiếu tệp {rel}.", code="bad_archive")
        if hashlib.sha256(contents[rel]).hexdigest() != f["sha256"]:
            raise DomainError(f"Tệp {rel} không khớp mã kiểm tra.", code="bad_checksum")
        blobs[rel] = contents[rel]
    return manifest, blobs


@transaction.atomic
def national_receive_upload(*, lake_uri: str, province: str, archive: bytes) -> ReceivedBatch:
    """An uploaded batch: a tar of the files and their manifest, as ``national export`` wrote
    them under the batch's paths. Verified before anything is written to the lake."""
    if len(archive) > MAX_UPLOAD:
        raise DomainError("Tệp tải lên quá lớn.", code="too_large")
    manifest, blobs = _read_archive(archive)
    if manifest.province != province:
        raise Forbidden("Lô số liệu không phải của tỉnh gửi lên.", code="wrong_province")
    previous = ReceivedBatch.objects.filter(province=province).aggregate(m=Max("batch"))["m"]
    if previous is not None and manifest.batch <= previous:
        raise Conflict("Lô này đã nhận rồi.", code="duplicate_batch")
    fs, root = lake.filesystem(lake_uri)
    for rel, data in blobs.items():
        path = f"{root}/{rel}"
        fs.makedirs(path.rsplit("/", 1)[0], exist_ok=True)
        with fs.open(path, "wb") as fh_out:
            fh_out.write(data)
    mpath = lake.manifest_path(root, manifest.province, manifest.batch)
    fs.makedirs(mpath.rsplit("/", 1)[0], exist_ok=True)
    with fs.open(mpath, "w") as fh_m:
        fh_m.write(manifest.as_json())
    return _record(manifest, "upload")


def pack_batch(uri: str, province: str, batch: int) -> bytes:
    """The tar a province uploads: its batch's files and manifest, under their lake paths."""
    fs, root = lake.filesystem(uri)
    mpath = lake.manifest_path(root, province, batch)
    with fs.open(mpath, "r") as fh:
        manifest = lake.Manifest.from_json(fh.read())
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as tar:
        for rel in [f["path"] for f in manifest.files] + [mpath[len(root) + 1 :]]:
            with fs.open(f"{root}/{rel}", "rb") as fh_b:
                data = fh_b.read()
            info = tarfile.TarInfo(rel)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return buf.getvalue()


def sender_add(*, province: str) -> str:
    """(Re)issue a province's upload key; returns the key, shown once."""
    import secrets

    from .models import Sender

    raw = "cchcn_" + secrets.token_urlsafe(32)
    Sender.objects.update_or_create(
        province=province, defaults={"digest": Sender.hash(raw), "revoked_at": None}
    )
    return raw
