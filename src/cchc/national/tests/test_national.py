"""The national figures for one province equal the province's own (``cchc report
dossiers``), field by field, on DuckDB; incremental batches, atomicity and the upload."""

from __future__ import annotations

import json
from datetime import date, timedelta
from io import StringIO

import pyarrow.parquet as pq
import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from cchc.core.errors import DomainError
from cchc.dossiers.models import Dossier
from cchc.national import facts, lake, services
from cchc.national.models import ExportBatch, ReceivedBatch
from cchc.national.selectors import national_statistics
from cchc.statistics.selectors import dossier_stats

F, T = date(2020, 1, 1), date(2020, 6, 30)
TODAY = date(2020, 7, 10)


def national(cmd: str, *args: str) -> str:
    out = StringIO()
    call_command("national", cmd, *args, stdout=out)
    return out.getvalue()


def own(province, by=None):
    return dossier_stats(None, date_from=F, date_to=T, agency=province.province, by=by)


@pytest.mark.django_db
def test_one_province_equals_its_own_report_field_by_field(generated, tmp_path):
    lake_dir = str(tmp_path / "lake")
    assert "Đã ghi lô 1" in national("export", "--out", lake_dir)
    code = facts.province_code()
    data = json.loads(national("report", "--source", lake_dir, "--from", "2020-01-01",
                               "--to", "2020-06-30", "--json"))  # fmt: skip
    mine = own(generated)[-1].as_dict()
    [row] = data["rows"]
    assert row["key"] == code
    progress = next(c for c in row.pop("service_index")["components"] if c["key"] == "progress")
    assert progress["measures"][0]["denominator"] == row["resolved"]
    for name, value in mine.items():
        if name not in ("label", "key"):
            assert row[name] == value, name
            assert data["total"][name] == value, name
    assert mine["received"] > 1000 and mine["late"] > 0 and mine["carried"] > 0

    # by unit: the province groups dossiers under the unit right below the province
    by_unit = national_statistics(source=lake_dir, date_from=F, date_to=T, by="agency",
                                  today=TODAY)  # fmt: skip
    theirs = {r.key.split(":", 1)[1]: r.as_dict() for r in by_unit[:-1]}
    ours = {generated.province.__class__.objects.get(pk=r.key).code: r.as_dict()
            for r in own(generated, by="agency")[:-1]}  # fmt: skip
    assert set(theirs) == set(ours) == {"STP", "X31117", "X31120"}
    for k, row in ours.items():
        for name, value in row.items():
            if name not in ("label", "key"):
                assert theirs[k][name] == value, (k, name)


@pytest.mark.django_db
def test_the_export_carries_no_personal_data(generated, tmp_path):
    Dossier.objects.filter(pk__in=Dossier.objects.values("pk")[:50]).update(
        applicant_name="Nguyễn Văn Bí Mật", applicant_phone="0912345678",
        applicant_id_number="092080001234", applicant_address="12 đường Bí Mật, Ninh Kiều",
        applicant_email="bimat@example.vn",
    )  # fmt: skip
    from cchc.evaluations.models import Rating
    from cchc.feedback.models import Feedback

    d = Dossier.objects.order_by("pk").first()
    assert d is not None
    Feedback.objects.create(
        code="PA-TEST-1", kind="phan_anh", channel="web", title="Bí Mật tiêu đề",
        content="Nội dung Bí Mật", sender_name="Trần Bí Mật", sender_address="12 đường Bí Mật",
        sender_phone="0912345678", sender_email="bimat@example.vn", agency=generated.justice,
        dossier=d, status="received", received_at=timezone.now(), received_date=F,
        reject_due=F, transfer_due=F, request_info_due=F, answer_due=F,
    )  # fmt: skip
    Rating.objects.create(
        dossier=d, agency=d.agency, desk=d.desk, level="unsatisfied", channel="online",
        reason="Cán bộ Bí Mật gọi 0912345678", rated_at=timezone.now(), rated_date=T,
    )  # fmt: skip
    from cchc.procedures.models import Procedure, PublicationDecision, PublicationItem
    from cchc.surveys import services as surveys
    from cchc.surveys.models import Question

    decision = PublicationDecision.objects.create(
        number="99/QĐ-UBND", date=F, signer="Trần Bí Mật", title="Bí Mật trích yếu",
        agency=generated.justice,
    )  # fmt: skip
    PublicationItem.objects.create(decision=decision, procedure=Procedure.objects.order_by("pk")[0],
                                   change="new", effective_date=T)  # fmt: skip
    survey = surveys.survey_create_sipas(actor=generated.noivu, year=2020,
                                         province=generated.province, name="Bí Mật khảo sát")  # fmt: skip
    surveys.survey_set_status(actor=generated.noivu, survey=survey, status="open")
    surveys.response_submit(
        survey=survey, channel="phone", agency=generated.justice, actor=generated.noivu,
        answers={q.pk: 4 for q in Question.objects.filter(element__survey=survey)},
    )  # fmt: skip
    surveys.survey_set_status(actor=generated.noivu, survey=survey, status="closed",
                              published=True)  # fmt: skip
    lake_dir = str(tmp_path / "lake")
    b = services.national_export(out=lake_dir)
    assert b.rows["feedback"] == 1 and b.rows["ratings"] == 1
    assert b.rows["publications"] == 1 and b.rows["sipas"] == 5  # every dataset is scanned
    allowed = {name: set(schema.names) for name, schema in facts.SCHEMAS.items()}
    secrets = ["Bí Mật", "0912345678", "092080001234", "bimat@", "12 đường"]
    pii = [(d.applicant_name, d.applicant_phone, d.applicant_id_number, d.code)
           for d in Dossier.objects.all()[:200]]  # fmt: skip
    files = lake.lake_files(lake_dir)
    for dataset, paths in files.datasets.items():
        for path in paths:
            table = pq.read_table(path)
            assert set(table.column_names) <= allowed[dataset]
            for name in table.column_names:
                values = {str(v) for v in table.column(name).to_pylist() if v is not None}
                for s in secrets:
                    assert not any(s in v for v in values), (dataset, name, s)
                for person in pii:
                    for item in person:
                        if item:
                            assert item not in values, (dataset, name, item)


@pytest.mark.django_db
def test_incremental_batches_replace_changed_rows(generated, tmp_path):
    lake_dir = str(tmp_path / "lake")
    first = services.national_export(out=lake_dir, now=timezone.now())
    before = own(generated)[-1].as_dict()
    # one open dossier finishes late; a later batch carries it alone
    d = (Dossier.objects.filter(finished_date__isnull=True, received_date__lte=T, status="in_progress")
         .order_by("pk").first())  # fmt: skip
    assert d is not None
    Dossier.objects.filter(pk=d.pk).update(
        finished_date=T, timeliness="late", status="returned",
        updated_at=first.until + timedelta(seconds=5),
    )  # fmt: skip
    from cchc.statistics import rollups

    rollups.rebuild()
    second = services.national_export(out=lake_dir, now=first.until + timedelta(minutes=1))
    assert second.batch == 2 and second.since == first.until
    assert second.rows["dossiers"] == 1
    after = own(generated)[-1].as_dict()
    assert after["late"] == before["late"] + 1
    got = national_statistics(source=lake_dir, date_from=F, date_to=T, today=TODAY)[-1]
    assert got.as_dict() | {"label": "", "key": None} == after | {"label": "", "key": None}
    with pytest.raises(DomainError, match="Mốc xuất"):
        services.national_export(out=lake_dir, since=timezone.now() + timedelta(days=1))
    assert ExportBatch.objects.count() == 2


@pytest.mark.django_db
def test_a_batch_without_manifest_is_invisible_and_a_tampered_file_is_refused(generated, tmp_path):
    lake_dir = str(tmp_path / "lake")
    services.national_export(out=lake_dir)
    # a crashed writer leaves files but no manifest
    orphan = tmp_path / "lake" / "dossiers" / "province=X" / "month=2020-01"
    orphan.mkdir(parents=True)
    pq.write_table(pq.read_table(lake.lake_files(lake_dir).datasets["dossiers"][0]),
                   orphan / "b000009-0001.parquet")  # fmt: skip
    rows = national_statistics(source=lake_dir, date_from=F, date_to=T, today=TODAY)
    assert [r.key for r in rows[:-1]] == [facts.province_code()]
    assert [b.batch for b in services.national_ingest(source=lake_dir)] == [1]
    path = lake.lake_files(lake_dir).datasets["agencies"][0]
    with open(path, "ab") as fh:
        fh.write(b"tampered")
    with pytest.raises(lake.LakeError, match="không khớp mã kiểm tra"):
        services.national_ingest(source=lake_dir)


@pytest.mark.django_db
def test_upload_is_verified_then_recorded(generated, tmp_path):
    src = str(tmp_path / "province")
    national_lake = str(tmp_path / "national")
    b = services.national_export(out=src)
    archive = services.pack_batch(src, b.province, b.batch)
    with pytest.raises(DomainError, match="không phải của tỉnh"):
        services.national_receive_upload(lake_uri=national_lake, province="01", archive=archive)
    with pytest.raises(DomainError, match="không phải gói"):
        services.national_receive_upload(lake_uri=national_lake, province=b.province,
                                         archive=b"not a tar")  # fmt: skip
    got = services.national_receive_upload(lake_uri=national_lake, province=b.province,
                                           archive=archive)  # fmt: skip
    assert got.rows["dossiers"] == b.rows["dossiers"] and got.received_via == "upload"
    with pytest.raises(DomainError, match="đã nhận"):
        services.national_receive_upload(lake_uri=national_lake, province=b.province,
                                         archive=archive)  # fmt: skip
    assert ReceivedBatch.objects.count() == 1
    a = national_statistics(source=src, date_from=F, date_to=T, today=TODAY)[-1].as_dict()
    c = national_statistics(source=national_lake, date_from=F, date_to=T, today=TODAY)[-1]
    assert c.as_dict() == a


@pytest.mark.django_db
def test_bad_input_in_vietnamese(tmp_path):
    with pytest.raises(CommandError, match="Không có lô dữ liệu"):
        national("report", "--source", str(tmp_path), "--from", "2020-01-01", "--to", "2020-06-30")
    with pytest.raises(CommandError, match="Ngày không hợp lệ"):
        national("report", "--source", str(tmp_path), "--from", "2020-13-01", "--to", "2020-06-30")


@pytest.mark.django_db
def test_the_766_dossier_measures_equal_the_provinces_own(generated, tmp_path):
    from cchc.indices import service
    from cchc.national.selectors import national_service_index

    Dossier.objects.filter(pk__in=Dossier.objects.values("pk")[:40]).update(supplement_count=2)
    lake_dir = str(tmp_path / "lake")
    services.national_export(out=lake_dir)
    [(key, _label, counts, index)] = national_service_index(source=lake_dir, date_from=F, date_to=T)
    assert key == facts.province_code()
    own_counts = service.counts(None, F, T, source="rows")
    for name in ("on_time", "online_share", "online_procedures"):
        assert counts[name] == own_counts[name], name
    assert (
        counts["on_time"] is not None
        and counts["on_time"].numerator < counts["on_time"].denominator
    )
    own_index, _ = service.compute(None, F, T, source="rows")
    mine = {m.measure.key: m.points for c in own_index.components for m in c.measures}
    theirs = {m.measure.key: m.points for c in index.components for m in c.measures}
    for name in ("on_time", "online_share", "online_procedures"):
        assert theirs[name] == mine[name], name
