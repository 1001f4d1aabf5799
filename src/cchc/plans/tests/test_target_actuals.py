"""Hand-entered actuals of targets no indicator measures (issue 10, item 11): who may enter
them, the refusal for measured targets, the audit row, all or nothing on bad input, and one
figure on the page, the API, the export and the province report."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, connection, transaction
from django.urls import reverse

from cchc.core.errors import Conflict, DomainError, Forbidden
from cchc.core.models import AuditEvent
from cchc.plans import exporting, selectors, services
from cchc.plans.models import EvidenceFile, Target, TargetActual

pytestmark = pytest.mark.django_db
JUNE = dt.datetime(2026, 6, 15, 9, 0, tzinfo=dt.UTC)
PDF = b"%PDF-1.7 bao cao minh chung"


def soup(resp):
    return BeautifulSoup(resp.content.decode(), "html.parser")


@pytest.fixture
def targets(plan, province):
    """A target the system cannot measure (Home Affairs' budget one) and a measured one."""
    manual = services.target_create(
        actor=province.noivu,
        plan=plan,
        sentence="Giải ngân kế hoạch đầu tư công từ vốn ngân sách nhà nước đạt từ 90% trở lên.",
        value=90,
        unit="%",
        comparison=">=",
        responsible=[province.justice],
    )
    measured = services.target_create(
        actor=province.noivu,
        plan=plan,
        sentence="98% số hồ sơ được giải quyết đúng hạn và trước hạn.",
        value=98,
        unit="%",
        comparison=">=",
        indicator="on_time_rate",
        responsible=[province.ppc_office],
    )
    return manual, measured


def enter(actor, target, **kw):
    args: dict[str, Any] = {
        "value": "92.5",
        "as_of": dt.date(2026, 6, 10),
        "document_ref": "125/BC-STP",
    }
    args.update(kw)
    return services.target_actual_enter(actor=actor, target=target, **args)


# -- the service ----------------------------------------------------------------------------


@time_machine.travel(JUNE, tick=False)
def test_responsible_agency_enters_an_actual_with_an_audit_row(targets, province):
    manual, _ = targets
    entry = enter(province.daumoi, manual, note="Số liệu 6 tháng")
    assert (entry.value, entry.as_of, entry.entered_by) == (
        Decimal("92.5"),
        dt.date(2026, 6, 10),
        province.daumoi,
    )
    event = AuditEvent.objects.get(action="target_actual_enter")
    assert event.actor == province.daumoi and event.object_id == str(manual.pk)
    assert event.changes["actual"] == [None, "92.5"]
    assert event.changes["as_of"] == [None, "2026-06-10"]
    assert event.reason == "Số liệu 6 tháng"
    (row,) = selectors.target_rows(manual.plan, only=[manual.pk])
    assert (row.actual, row.met, row.source, row.verdict) == (92.5, True, "manual", "met")


@time_machine.travel(JUNE, tick=False)
def test_who_may_enter(targets, province):
    manual, _ = targets
    enter(province.noivu, manual)  # Home Affairs
    enter(province.admin, manual, as_of=dt.date(2026, 6, 11))  # the administrator
    enter(province.daumoi, manual, as_of=dt.date(2026, 6, 12))  # the responsible agency
    for user in (province.lanhdao, province.xuly, province.daumoi_xa, province.motcua):
        with pytest.raises(Forbidden):
            enter(user, manual, as_of=dt.date(2026, 6, 13))
    assert TargetActual.objects.count() == 3


@time_machine.travel(JUNE, tick=False)
def test_a_measured_target_refuses_a_hand_entered_actual(targets, province):
    _, measured = targets
    with pytest.raises(Conflict) as exc:
        enter(province.noivu, measured)
    assert exc.value.message.startswith("Chỉ tiêu này được đo tự động bằng «Tỷ lệ hồ sơ")
    assert not TargetActual.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="target_actual").exists()


def test_the_database_refuses_an_actual_for_a_measured_target(targets):
    """The trigger of migration 0002 holds even when the service is bypassed."""
    manual, measured = targets
    TargetActual.objects.create(target=manual, value=1, as_of=dt.date(2026, 1, 2))
    with pytest.raises(IntegrityError), transaction.atomic():
        TargetActual.objects.create(target=measured, value=1, as_of=dt.date(2026, 1, 2))
    with pytest.raises(IntegrityError), transaction.atomic():
        TargetActual.objects.create(target=manual, value=-1, as_of=dt.date(2026, 1, 2))
    assert TargetActual.objects.count() == 1
    assert connection.vendor in ("sqlite", "postgresql")


@time_machine.travel(JUNE, tick=False)
@pytest.mark.parametrize(
    "kw, message",
    [
        ({"value": "-1"}, "không được âm"),
        ({"value": "100.5"}, "từ 0 đến 100"),
        ({"value": "abc"}, "phải là một số"),
        ({"value": "NaN"}, "phải là một số"),
        ({"value": "1.234"}, "tối đa 2 chữ số"),
        ({"as_of": dt.date(2026, 6, 16)}, "không được sau hôm nay"),
        ({"as_of": dt.date(2025, 12, 31)}, "trong thời kỳ của kế hoạch"),
        ({"document_ref": ""}, "Cần minh chứng"),
        ({"document_ref": "x" * 301}, "300 ký tự"),
    ],
)
def test_bad_input_is_refused_and_changes_nothing(targets, province, kw, message):
    manual, _ = targets
    with pytest.raises(DomainError) as exc:
        enter(province.noivu, manual, **kw)
    assert message in exc.value.message
    assert (
        not TargetActual.objects.exists()
        and not AuditEvent.objects.filter(action__startswith="target_actual").exists()
    )


@time_machine.travel(JUNE, tick=False)
def test_a_bad_file_rolls_back_the_entry(targets, province, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    manual, _ = targets
    with pytest.raises(DomainError):
        enter(
            province.noivu,
            manual,
            document_ref="",
            files=[SimpleUploadedFile("bao-cao.pdf", b"<html>not a pdf</html>")],
        )
    assert not TargetActual.objects.exists() and not EvidenceFile.objects.exists()
    assert not list(tmp_path.rglob("*.*"))


@time_machine.travel(JUNE, tick=False)
def test_a_correction_needs_a_note_keeps_history_and_the_latest_counts(targets, province):
    manual, _ = targets
    first = enter(province.daumoi, manual, value="80")
    with pytest.raises(DomainError, match="ghi lý do sửa"):
        enter(province.daumoi, manual, value="85")
    second = enter(province.noivu, manual, value="85", note="Sửa theo báo cáo chính thức")
    assert second.corrects == first
    (row,) = selectors.target_rows(manual.plan, only=[manual.pk])
    assert row.entry == second and row.actual == 85.0 and row.verdict == "not_met"
    event = AuditEvent.objects.get(action="target_actual_correct")
    assert event.changes["actual"] == ["80.00", "85"] and event.actor == province.noivu
    # A report as of an earlier day sees the figure of its day, not a later one.
    later = enter(province.noivu, manual, value="91", as_of=dt.date(2026, 6, 14))
    assert selectors.target_rows(manual.plan, only=[manual.pk])[0].entry == later
    (then,) = selectors.target_rows(manual.plan, as_of=dt.date(2026, 6, 12), only=[manual.pk])
    assert then.entry == second
    (before,) = selectors.target_rows(manual.plan, as_of=dt.date(2026, 6, 1), only=[manual.pk])
    assert (before.actual, before.verdict, before.source) == (None, "no_data", "")


@time_machine.travel(JUNE, tick=False)
def test_a_closed_plan_takes_no_actual(targets, province):
    manual, _ = targets
    services.plan_issue(actor=province.noivu, plan=manual.plan)
    services.plan_close(actor=province.noivu, plan=manual.plan)
    with pytest.raises(Conflict):
        enter(province.noivu, manual)


@time_machine.travel(JUNE, tick=False)
def test_a_count_target_takes_values_above_100(plan, province):
    units = services.target_create(
        actor=province.noivu,
        plan=plan,
        sentence="Có thêm 02 đơn vị sự nghiệp công lập tự bảo đảm chi thường xuyên.",
        value=2,
        unit="đơn vị",
        comparison=">=",
    )
    with pytest.raises(DomainError, match="quá lớn"):
        enter(province.noivu, units, value="1e12")
    enter(province.noivu, units, value="150")
    assert selectors.target_rows(plan, only=[units.pk])[0].met is True


# -- one figure everywhere ------------------------------------------------------------------


@time_machine.travel(JUNE, tick=False)
def test_page_api_and_export_show_the_same_figure(targets, province, client_as, api_client):
    manual, measured = targets
    enter(province.daumoi, manual, value="87.25", document_ref="125/BC-STP ngày 10/6/2026")
    rows = {r.target.pk: r for r in selectors.target_rows(manual.plan)}
    assert rows[manual.pk].actual == 87.25 and rows[manual.pk].verdict == "not_met"

    page = soup(client_as(province.noivu).get(reverse("plans:targets", args=[manual.plan_id])))
    cells = page.select_one(f"#target-{manual.pk}").select("td")
    assert cells[2].get_text(strip=True) == "87,25%"
    assert cells[3].get_text(strip=True) == "chưa đạt"
    assert "125/BC-STP ngày 10/6/2026" in cells[4].get_text()
    assert "Lê Thị Đầu Mối" in cells[4].get_text()
    assert "Đo tự động" in page.select_one(f"#target-{measured.pk}").get_text()
    assert not page.select(f"#actual-form-{measured.pk}")  # a measured target has no form

    data = {
        t["id"]: t
        for t in api_client(province.lanhdao).get(f"/api/v1/plans/{manual.plan_id}/targets").json()
    }
    assert data[manual.pk]["actual"] == 87.25 and data[manual.pk]["verdict"] == "not_met"
    assert data[manual.pk]["source"] == "manual"
    assert data[manual.pk]["entry"]["document_ref"] == "125/BC-STP ngày 10/6/2026"
    assert data[measured.pk]["source"] in ("indicator", "") and data[measured.pk]["entry"] is None

    plan_data = exporting.plan_dict(province.noivu, manual.plan)
    exported = {t["sentence"]: t for t in plan_data["targets"]}
    assert exported[manual.sentence]["actual"] == "87,25%"
    assert exported[manual.sentence]["verdict"] == "Chưa đạt"

    import openpyxl

    buf = io.BytesIO()
    exporting.export(province.noivu, manual.plan, "xlsx", buf)
    ws = openpyxl.load_workbook(io.BytesIO(buf.getvalue()))["Chỉ tiêu"]
    values = [[c.value for c in row] for row in ws.iter_rows()]
    assert any(r[1] == manual.sentence and r[3] == "87,25%" for r in values)


# -- the page -------------------------------------------------------------------------------


@time_machine.travel(JUNE, tick=False)
def test_enter_an_actual_from_the_page_with_a_file(
    targets, province, client_as, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    manual, measured = targets
    url = reverse("plans:target_actual", args=[manual.pk])
    p = f"t{manual.pk}-"
    data = {
        p + "value": "91,5",
        p + "as_of": "10/06/2026",
        p + "document_ref": "",
        p + "note": "",
        p + "files": [SimpleUploadedFile("bao-cao-6-thang.pdf", PDF)],
    }
    assert client_as(province.lanhdao).post(url, data).status_code == 403
    assert client_as(province.daumoi_xa).post(url, data).status_code == 403
    c = client_as(province.daumoi)
    page = soup(c.get(reverse("plans:targets", args=[manual.plan_id])))
    form = page.select_one(f"#actual-form-{manual.pk}")
    assert form.select_one(f"input[name='{p}as_of']")["placeholder"] == "dd/mm/yyyy"
    data[p + "files"] = [SimpleUploadedFile("bao-cao-6-thang.pdf", PDF)]
    resp = c.post(url, data)
    assert resp.status_code == 302
    entry = TargetActual.objects.get()
    assert entry.value == Decimal("91.5") and entry.as_of == dt.date(2026, 6, 10)
    ev = entry.files.get()
    page = soup(c.get(reverse("plans:targets", args=[manual.plan_id])))
    link = page.select_one(
        f"#target-{manual.pk} a[href='{reverse('plans:evidence', args=[ev.pk])}']"
    )
    assert link.get_text() == "bao-cao-6-thang.pdf"
    download = c.get(link["href"])
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    # The evidence is as visible as the plan: a commune's officer sees the province plan.
    assert client_as(province.motcua_xa).get(link["href"]).status_code == 200
    c = client_as(province.daumoi)
    history = soup(c.get(reverse("plans:target_history", args=[manual.pk])))
    assert "91,50%" in history.select_one("#actuals").get_text()

    # No evidence: the form says so, nothing is written; a measured target: refused with 403
    # for a user who may not, a Vietnamese refusal for one who may.
    del data[p + "files"]
    data[p + "as_of"] = "11/06/2026"
    resp = c.post(url, data)
    assert resp.status_code == 400 and "Cần minh chứng" in resp.content.decode()
    resp = client_as(province.noivu).post(
        reverse("plans:target_actual", args=[measured.pk]),
        {
            f"t{measured.pk}-value": "99",
            f"t{measured.pk}-as_of": "10/06/2026",
            f"t{measured.pk}-document_ref": "1/BC",
        },
    )
    assert resp.status_code == 400 and "được đo tự động bằng" in resp.content.decode()
    assert TargetActual.objects.count() == 1


def test_indicator_datalist_comes_from_the_registry(plan, province, client_as):
    from cchc.statistics import indicators

    page = soup(client_as(province.noivu).get(reverse("plans:targets", args=[plan.pk])))
    keys = [o["value"] for o in page.select("#indicator-keys option")]
    assert keys == [i.key for i in indicators.all()]
    assert "plan_on_time_rate" in keys or len(keys) > 4  # other apps' indicators are there too
    resp = client_as(province.noivu).post(
        reverse("plans:targets", args=[plan.pk]),
        {"sentence": "Chỉ tiêu lạ", "comparison": ">=", "value": "1", "indicator": "khong_co"},
    )
    assert resp.status_code == 200 and "khong_co" in resp.content.decode()
    assert not Target.objects.exists()


# -- the API --------------------------------------------------------------------------------


@time_machine.travel(JUNE, tick=False)
def test_api_enters_an_actual_and_refuses_as_documented(targets, province, api_client):
    manual, measured = targets
    body = {"value": "95", "as_of": "2026-06-10", "document_ref": "125/BC-STP"}
    url = f"/api/v1/plans/targets/{manual.pk}/actual"
    resp = api_client(province.lanhdao).post(url, body, content_type="application/json")
    assert resp.status_code == 403
    c = api_client(province.daumoi)
    resp = c.post(url, body, content_type="application/json")
    assert resp.status_code == 201, resp.content
    out = resp.json()
    assert (out["actual"], out["verdict"], out["entry"]["entered_by"]) == (
        95.0,
        "met",
        "Lê Thị Đầu Mối",
    )
    assert c.get(f"/api/v1/plans/targets/{manual.pk}").json()["actual"] == 95.0
    noivu = api_client(province.noivu)
    resp = noivu.post(
        f"/api/v1/plans/targets/{measured.pk}/actual", body, content_type="application/json"
    )
    assert resp.status_code == 409 and resp.json()["code"] == "measured_target"
    resp = noivu.post(url, {**body, "value": "101"}, content_type="application/json")
    assert resp.status_code == 400 and resp.json()["code"] == "invalid_value"
    resp = noivu.post(url, {**body, "value": "nhiều"}, content_type="application/json")
    assert resp.status_code == 422
    resp = noivu.post("/api/v1/plans/targets/999999/actual", body, content_type="application/json")
    assert resp.status_code == 404
    assert TargetActual.objects.count() == 1


@time_machine.travel(JUNE, tick=False)
def test_targets_page_queries_do_not_grow_with_hand_entered_targets(
    plan, province, client_as, settings, tmp_path
):
    from django.test.utils import CaptureQueriesContext

    settings.MEDIA_ROOT = tmp_path
    url = reverse("plans:targets", args=[plan.pk])

    def add(n):
        for i in range(n):
            t = services.target_create(
                actor=province.noivu,
                plan=plan,
                sentence=f"Chỉ tiêu nhập tay số {i}",
                value=50,
                unit="%",
                responsible=[province.justice, province.construction],
            )
            enter(province.noivu, t, files=[SimpleUploadedFile(f"bc-{i}.pdf", PDF)])

    c = client_as(province.daumoi)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert c.get(url).status_code == 200
        return len(ctx)

    add(2)
    few = count()
    add(8)
    assert count() == few
