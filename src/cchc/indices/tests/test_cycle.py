"""The yearly cycle as a story: Home Affairs opens it, Justice and a ward self-score with
evidence, the council appraises, the ward answers, the ranking is published. Bad input changes
nothing and says why in Vietnamese."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cchc.core.audit import history_for
from cchc.core.errors import DomainError
from cchc.indices import selectors, services, standard
from cchc.indices.models import CycleStatus, Score, UnitStatus

PDF = b"%PDF-1.4 minimal\n%%EOF"


def crit(cycle, number, area):
    return cycle.criteria_set.criteria.get(number=number, parent__number=area)


@pytest.fixture
def cycle(province):
    cs = services.criteria_set_create(
        actor=province.noivu,
        province=province.province,
        year=2025,
        title="Bộ tiêu chí sở, xã",
        nodes=standard.to_nodes(standard.SMALL_SET),
        max_points=D(20),
    )
    return services.cycle_open(
        actor=province.noivu,
        criteria_set=cs,
        units=[
            (province.justice, "departments", True),
            (province.commune_a, "communes", True),
            (province.construction, "departments", False),
        ],
        self_deadline=dt.date(2026, 1, 15),
        council=[province.noivu],
    )


def unit_of(cycle, agency):
    return cycle.units.get(agency=agency)


def evidence(**extra):
    return dict(
        evidence_number="12/KH-STP",
        evidence_date=dt.date(2025, 1, 10),
        evidence_issuer="Sở Tư pháp",
        evidence_location="Mục II, trang 3",
        **extra,
    )


def self_score_all(province, cycle, agency, user, pts):
    unit = unit_of(cycle, agency)
    for s in unit.scores.select_related("criterion__parent"):
        c = s.criterion
        if c.method in ("self", "bonus"):
            key = (c.parent.number if c.parent else "", c.number)
            services.score_self(
                actor=user, unit=unit, criterion=c, points=pts.get(key, 0), **evidence()
            )
    return unit


def test_opening_gives_each_unit_its_applicable_leaves(province, cycle):
    stp = unit_of(cycle, province.justice)
    ward = unit_of(cycle, province.commune_a)
    # Departments: I.1, I.2, II.1, II.2, bonus 1; the ward has no I.2.
    assert stp.scores.count() == 5 and ward.scores.count() == 4
    assert history_for(cycle).filter(action="cycle_open").exists()


def test_the_whole_cycle(province, cycle):
    stp = self_score_all(
        province,
        cycle,
        province.justice,
        province.daumoi,
        {("I", "1."): 6, ("I", "2."): 4, ("II", "1."): 4, ("+", "1."): 1},
    )
    ward = self_score_all(
        province, cycle, province.commune_a, province.daumoi_xa, {("I", "1."): 5, ("II", "1."): 4}
    )
    services.score_self(
        actor=province.daumoi,
        unit=stp,
        criterion=crit(cycle, "1.", "I"),
        points=6,
        evidence_file=SimpleUploadedFile("kh.pdf", PDF, content_type="application/pdf"),
        **evidence(),
    )
    services.unit_submit(actor=province.daumoi, unit=stp)
    services.unit_submit(actor=province.daumoi_xa, unit=ward)
    for unit, cuts in (
        (stp, {("I", "2."): (3, "Dự thảo chưa đúng hạn")}),
        (ward, {("I", "1."): (4, "Kế hoạch ban hành muộn")}),
    ):
        for s in unit.scores.select_related("criterion__parent"):
            c = s.criterion
            if c.method == "indicator":
                continue
            key = (c.parent.number, c.number)
            pts, why = cuts.get(key, (s.self_points, ""))
            services.score_appraise(
                actor=province.noivu, unit=unit, criterion=c, points=pts, comment=why
            )
        services.appraisal_finish(actor=province.noivu, unit=unit, today=dt.date(2026, 2, 1))
    i1 = crit(cycle, "1.", "I")
    services.unit_answer(
        actor=province.daumoi_xa,
        unit=ward,
        answers={i1.pk: "Kế hoạch ban hành ngày 10/01, kèm văn bản."},
        today=dt.date(2026, 2, 3),
    )
    with pytest.raises(DomainError, match="chỉ giải trình một lần"):
        services.unit_answer(
            actor=province.daumoi_xa,
            unit=ward,
            answers={i1.pk: "Lần hai"},
            today=dt.date(2026, 2, 3),
        )
    services.unit_finalise(
        actor=province.noivu,
        unit=ward,
        changes={i1.pk: (5, "Chấp nhận giải trình")},
        today=dt.date(2026, 2, 4),
    )
    with pytest.raises(DomainError, match="còn trong hạn giải trình"):
        services.unit_finalise(actor=province.noivu, unit=stp, today=dt.date(2026, 2, 4))
    services.unit_finalise(actor=province.noivu, unit=stp, today=dt.date(2026, 2, 10))
    published = services.cycle_publish(
        actor=province.noivu, cycle=cycle, decision_number="15/QĐ-UBND", force=True
    )
    assert published.status == CycleStatus.PUBLISHED
    stp.refresh_from_db()
    ward.refresh_from_db()
    # Justice: 6 + 3 + 4 (+1 bonus) = 14 of 14 (the on-time leaf had nothing to measure).
    assert (stp.points, stp.maximum, stp.index, stp.rank, stp.band) == (
        D(14),
        D(14),
        D("100.00"),
        1,
        "Rất tốt",
    )
    # The ward: 5 + 4 = 9 of 10 (no I.2 for communes, no on-time data).
    assert (ward.points, ward.maximum, ward.index, ward.rank) == (D(9), D(10), D("90.00"), 1)
    assert ward.band == "Tốt"
    unranked = unit_of(cycle, province.construction)
    assert unranked.rank is None
    trail = Score.objects.get(unit=ward, criterion=i1)
    actions = list(history_for(trail).values_list("action", flat=True))
    assert set(actions) >= {"score_self", "score_appraise", "score_answer", "score_final"}
    final = history_for(trail).get(action="score_final")
    assert final.changes == {"final_points": [None, "5"]} or final.changes["final_points"][1] in (
        "5",
        "5.00",
        5,
    )
    assert final.reason == "Chấp nhận giải trình"
    # The province report's band table (seed 003) from the data.
    from types import SimpleNamespace

    table = selectors.par_band_table(
        SimpleNamespace(kind=SimpleNamespace(province=province.province), year=2025)
    )
    assert table is not None
    assert table["rows"][0][:3] == [1, "Chỉ số CCHC trên 90%", "Rất tốt"]
    assert table["rows"][0][3:] == [1, "", 1]
    assert table["rows"][1][3:] == ["", 1, 1]
    assert "Sở Xây dựng" in table["note"]


def test_bad_input_changes_nothing(province, cycle):
    stp = unit_of(cycle, province.justice)
    i1 = crit(cycle, "1.", "I")
    with pytest.raises(DomainError, match="vượt điểm tối đa 6"):
        services.score_self(actor=province.daumoi, unit=stp, criterion=i1, points=7, **evidence())
    with pytest.raises(DomainError, match="Chỉ đầu mối CCHC của chính đơn vị"):
        services.score_self(
            actor=province.daumoi_xa, unit=stp, criterion=i1, points=5, **evidence()
        )
    with pytest.raises(DomainError, match="không được nhận"):
        services.score_self(
            actor=province.daumoi,
            unit=stp,
            criterion=i1,
            points=5,
            evidence_file=SimpleUploadedFile("x.exe", b"MZ"),
            **evidence(),
        )
    with pytest.raises(DomainError, match="không khớp"):
        services.score_self(
            actor=province.daumoi,
            unit=stp,
            criterion=i1,
            points=5,
            evidence_file=SimpleUploadedFile("x.pdf", b"MZ..."),
            **evidence(),
        )
    on_time = crit(cycle, "2.", "II")
    with pytest.raises(DomainError, match="đơn vị không tự chấm"):
        services.score_self(
            actor=province.daumoi, unit=stp, criterion=on_time, points=1, **evidence()
        )
    assert not Score.objects.filter(unit=stp, self_points__isnull=False).exists()
    # Evidence missing, and leaves not scored, are listed before submission.
    services.score_self(actor=province.daumoi, unit=stp, criterion=i1, points=5)
    with pytest.raises(DomainError) as exc:
        services.unit_submit(actor=province.daumoi, unit=stp)
    msg = exc.value.message
    assert "1. Ban hành kế hoạch CCHC năm đúng thời hạn: thiếu tài liệu kiểm chứng" in msg
    assert "2. Tham mưu xây dựng văn bản quy phạm pháp luật: chưa chấm điểm." in msg
    stp.refresh_from_db()
    assert stp.status == UnitStatus.DRAFT
    # An explanation instead of evidence is accepted; then a second submission is refused.
    stp = self_score_all(province, cycle, province.justice, province.daumoi, {})
    services.score_self(
        actor=province.daumoi, unit=stp, criterion=i1, points=5, explanation="Văn bản đang trình ký"
    )
    services.unit_submit(actor=province.daumoi, unit=stp)
    with pytest.raises(DomainError, match="mỗi kỳ chỉ gửi một lần"):
        services.unit_submit(actor=province.daumoi, unit=stp)
    with pytest.raises(DomainError, match="không sửa được nữa"):
        services.score_self(actor=province.daumoi, unit=stp, criterion=i1, points=6, **evidence())
    # Only council members appraise; a changed score needs a comment.
    with pytest.raises(DomainError, match="hội đồng thẩm định"):
        services.score_appraise(actor=province.daumoi, unit=stp, criterion=i1, points=5)
    with pytest.raises(DomainError, match="cần ghi nhận xét"):
        services.score_appraise(actor=province.noivu, unit=stp, criterion=i1, points=3)


def test_scope_of_unit_pages(province, cycle):
    stp = unit_of(cycle, province.justice)
    assert selectors.unit_for(province.daumoi, stp.pk) == stp
    assert selectors.unit_for(province.noivu, stp.pk) == stp
    with pytest.raises(DomainError):
        selectors.unit_for(province.daumoi_xa, stp.pk)
    assert set(selectors.units(province.daumoi_xa)) == {unit_of(cycle, province.commune_a)}


def run_year(province, year, points):
    cs = services.criteria_set_create(
        actor=province.noivu,
        province=province.province,
        year=year,
        title=f"Bộ tiêu chí {year}",
        nodes=standard.to_nodes(standard.SMALL_SET),
        max_points=D(20),
    )
    c = services.cycle_open(
        actor=province.noivu,
        criteria_set=cs,
        units=[(province.justice, "departments", True)],
        self_deadline=dt.date(year + 1, 1, 15),
        council=[province.noivu],
    )
    unit = self_score_all(province, c, province.justice, province.daumoi, points)
    services.unit_submit(actor=province.daumoi, unit=unit)
    for s in unit.scores.select_related("criterion"):
        if s.criterion.method != "indicator":
            services.score_appraise(
                actor=province.noivu, unit=unit, criterion=s.criterion, points=s.self_points
            )
    services.appraisal_finish(actor=province.noivu, unit=unit, today=dt.date(year + 1, 2, 1))
    services.unit_finalise(actor=province.noivu, unit=unit, today=dt.date(year + 1, 3, 1))
    services.cycle_publish(actor=province.noivu, cycle=c)
    unit.refresh_from_db()
    return unit


def test_unit_page_shows_points_lost_against_last_year(province, client_as):
    run_year(province, 2024, {("I", "1."): 6, ("I", "2."): 2, ("II", "1."): 4})
    unit = run_year(province, 2025, {("I", "1."): 3, ("I", "2."): 4, ("II", "1."): 4})
    losses = {x.number: x for x in selectors.losses(unit)}
    area_i = [x for x in selectors.losses(unit) if x.title.startswith("Ban hành")][0]
    assert area_i.lost == D(3) and area_i.lost_last_year == D(0) and area_i.change == D(3)
    assert losses
    from bs4 import BeautifulSoup

    page = client_as(province.daumoi).get(f"/indices/units/{unit.pk}/")
    table = BeautifulSoup(page.content, "html.parser").select_one("#losses")
    assert table is not None
    first = [td.text for td in table.select("tbody tr")[0].select("td")]
    assert first[0].startswith("I.1 Ban hành kế hoạch") and first[2:] == ["3", "0", "+3"]
