"""The staff pages and API: scoping, the htmx answer save, the test page after a reload, the
question-bank preview, the lists of proposals, and the staff card's conduct records."""

from __future__ import annotations

import datetime as dt

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from cchc.staff import services
from cchc.staff.models import Question, StaffMember

from .conftest import bank_rows, write_bank

pytestmark = pytest.mark.django_db


def soup(response):
    return BeautifulSoup(response.content.decode(), "html.parser")


def test_focal_point_registers_staff_through_the_form(province, client_as):
    c = client_as(province.daumoi_xa)
    page = c.get("/staff/new/")
    assert page.status_code == 200
    r = c.post(
        "/staff/new/",
        {
            "full_name": "Phạm Thị Hoa",
            "agency": province.commune_a.pk,
            "desk": province.desk_a.pk,
            "position": "Công chức Văn hóa - Xã hội",
            "date_from": "2025-03-01",
            "user": province.motcua_xa.pk,
        },
    )
    assert r.status_code == 302
    member = StaffMember.objects.get(full_name="Phạm Thị Hoa")
    assert member.user == province.motcua_xa
    rows = soup(c.get("/staff/")).select("#staff-rows tr")
    assert [r.a.text for r in rows] == ["Phạm Thị Hoa"]
    # htmx search returns rows only
    part = c.get("/staff/?q=hoa", HTTP_HX_REQUEST="true")
    assert b"<html" not in part.content and "Phạm Thị Hoa" in part.content.decode()


def test_other_agency_is_refused(province, desk, client_as):
    assert client_as(province.daumoi).get(f"/staff/{desk.lan.pk}/").status_code == 403
    assert client_as(province.noivu).get(f"/staff/{desk.lan.pk}/").status_code == 200
    # A focal point cannot register into another agency (the form only offers her own).
    r = client_as(province.daumoi).post(
        "/staff/new/",
        {
            "full_name": "X",
            "agency": province.commune_a.pk,
            "position": "Y",
            "date_from": "2025-03-01",
        },
    )
    assert r.status_code == 200 and not StaffMember.objects.filter(full_name="X").exists()


def test_take_a_test_in_pages(province, desk, bank, client_as):
    now = timezone.now()
    rnd = services.round_create(
        actor=province.noivu,
        agency=province.commune_a,
        year=now.year,
        half=1,
        opens_at=now - dt.timedelta(hours=1),
        closes_at=now + dt.timedelta(days=1),
        question_count=4,
    )
    c = client_as(desk.lan_user)
    listing = soup(c.get("/staff/rounds/"))
    assert listing.select_one("#my-tests button")
    r = c.post(f"/staff/rounds/{rnd.pk}/start/")
    attempt = desk.lan.attempts.get()
    assert r.url == f"/staff/tests/{attempt.pk}/"
    qid = attempt.question_ids[0]
    saved = c.post(
        f"/staff/tests/{attempt.pk}/answer/",
        {"question": qid, "choice": 1},
        HTTP_HX_REQUEST="true",
    )
    assert saved.status_code == 200 and "đã lưu" in saved.content.decode()
    page = soup(c.get(f"/staff/tests/{attempt.pk}/"))  # a reload
    assert page.select_one(f'input[name="q{qid}"][value="1"]').has_attr("checked")
    assert int(page.select_one("#timer")["data-remaining"]) > 0
    # Second attempt refused with a message, nothing created.
    again = c.post(f"/staff/rounds/{rnd.pk}/start/", follow=True)
    assert "chỉ được làm một lần" in again.content.decode()
    assert desk.lan.attempts.count() == 1
    # Someone else's attempt is not theirs to answer.
    other = client_as(desk.minh_user).post(
        f"/staff/tests/{attempt.pk}/answer/", {"question": qid, "choice": 0}
    )
    assert other.status_code == 403
    c = client_as(desk.lan_user)
    done = c.post(f"/staff/tests/{attempt.pk}/submit/", follow=True)
    assert soup(done).select_one("#result")
    round_page = soup(client_as(province.noivu).get(f"/staff/rounds/{rnd.pk}/"))
    assert "1 người chưa làm bài" in round_page.select_one("#pending-count").text


def test_bank_preview_page_shows_line_errors(province, client_as, tmp_path):
    rows = bank_rows(3)
    rows[1][-1] = ""
    path = write_bank(tmp_path / "bank.xlsx", rows)
    c = client_as(province.noivu)
    with path.open("rb") as f:
        r = c.post("/staff/questions/", {"file": f})
    preview = soup(c.get(r.url))
    assert "Dòng 4: thiếu đáp án đúng." in preview.select_one("#import-errors").text
    assert preview.select_one("#commit") is None
    assert c.post(r.url).status_code == 200 and Question.objects.count() == 0
    assert client_as(province.daumoi_xa).get("/staff/questions/").status_code == 403


def test_trainings_and_attendance_htmx(province, desk, client_as):
    c = client_as(province.noivu)
    r = c.post("/staff/trainings/", {"title": "Bồi dưỡng kỹ năng Một cửa", "hours": 8})
    course_url = r.url
    r = c.post(course_url, {"date": "2025-05-10", "place": "Hội trường", "trainer": "TS. A"})
    session_url = r.url
    row = client_as(province.daumoi_xa).post(
        f"{session_url}{desk.lan.pk}/",
        {"attended": "on", "certificate_number": "CN-7"},
        HTTP_HX_REQUEST="true",
    )
    assert row.status_code == 200 and 'value="CN-7"' in row.content.decode()
    assert desk.lan.attendances.get().certificate_number == "CN-7"


def test_proposal_lists_and_decision(province, desk, bank, client_as):
    now = timezone.now()
    for half in (1, 2):
        rnd = services.round_create(
            actor=province.noivu,
            agency=province.commune_a,
            year=now.year - 1,
            half=half,
            opens_at=now - dt.timedelta(hours=1),
            closes_at=now + dt.timedelta(days=1),
            question_count=3,
        )
        for user, right in ((desk.lan_user, True), (desk.minh_user, half == 1)):
            a = services.attempt_start(actor=user, round=rnd)
            for qid in a.question_ids:
                key = Question.objects.get(pk=qid).answer
                services.attempt_answer(
                    actor=user, attempt=a, question_id=qid, choice=key if right else (key + 1) % 4
                )
            services.attempt_submit(actor=user, attempt=a)
    leader = client_as(province.lanhdao_xa)
    praise = soup(leader.get("/staff/proposals/?kind=commendation"))
    assert [a.text for a in praise.select("#proposal-list td:first-child a")] == ["Trần Thị Lan"]
    moves = soup(leader.get("/staff/proposals/?kind=reassignment"))
    assert [a.text for a in moves.select("#proposal-list td:first-child a")] == ["Lê Văn Minh"]
    form = moves.select_one("#proposal-list form")
    r = leader.post(form["action"], {"approve": "0", "reason": ""}, follow=True)
    assert "Cần ghi lý do" in r.content.decode()
    leader.post(form["action"], {"approve": "0", "reason": "Bồi dưỡng thêm, kiểm tra lại"})
    assert desk.minh.proposals.get().status == "rejected"
    # Focal points see the lists but may not decide.
    focal = client_as(province.daumoi_xa)
    assert (
        soup(focal.get("/staff/proposals/?kind=commendation")).select_one("#proposal-list form")
        is None
    )
    assert focal.post(form["action"], {"approve": "1"}).status_code == 403


def test_card_gathers_conduct_records(province, desk, client_as):
    from cchc.dossiers.models import Dossier, Status, Timeliness
    from cchc.procedures.models import Procedure, ProcedureField

    field = ProcedureField.objects.create(code="HT", name="Hộ tịch")
    proc = Procedure.objects.create(code="1.000002", name="Đăng ký khai sinh", field=field)
    when = timezone.now() - dt.timedelta(days=20)
    Dossier.objects.create(
        code="000.31.17.H10-250101-0001",
        procedure=proc,
        desk=province.desk_a,
        agency=province.commune_a,
        applicant_name="Nguyễn Văn Dân",
        channel="desk",
        received_at=when,
        received_date=when.date(),
        received_by=desk.lan_user,
        due_date=when.date() + dt.timedelta(days=3),
        finished_date=timezone.localdate() - dt.timedelta(days=2),
        status=Status.RETURNED,
        timeliness=Timeliness.LATE,
    )
    card = soup(client_as(province.daumoi_xa).get(f"/staff/{desk.lan.pk}/"))
    text = card.select_one("#conduct").text
    assert "Hồ sơ 000.31.17.H10-250101-0001 giải quyết quá hạn" in text
    assert "Tồn tại nêu trong kết luận kiểm tra" in text  # the inspections app's source


def test_api_members_and_results(province, desk, api_client):
    c = api_client(province.daumoi_xa)
    rows = c.get("/api/v1/staff/members").json()
    assert {r["full_name"] for r in rows} == {"Trần Thị Lan", "Lê Văn Minh"}
    r = c.post(
        "/api/v1/staff/members",
        {
            "full_name": "Đỗ Thị Mai",
            "agency_id": province.commune_a.pk,
            "position": "Công chức",
            "date_from": "2025-01-02",
        },
        content_type="application/json",
    )
    assert r.status_code == 201 and r.json()["assignments"][0]["position"] == "Công chức"
    other = api_client(province.daumoi)
    assert other.get(f"/api/v1/staff/members/{desk.lan.pk}").status_code == 403
    r = other.post(
        "/api/v1/staff/members",
        {
            "full_name": "X",
            "agency_id": province.commune_a.pk,
            "position": "Y",
            "date_from": "2025-01-02",
        },
        content_type="application/json",
    )
    assert r.status_code == 403 and "quyền" in r.json()["message"]


def test_pages_in_english(province, desk, client_as):
    from django.conf import settings

    c = client_as(province.daumoi_xa)
    c.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = soup(c.get("/staff/"))
    assert page.h1.text == "One-stop staff"
    assert "Inspections" in page.select_one(".mainnav").text
    page = soup(c.get("/inspections/"))
    assert page.h1.text == "Reform inspections"


def test_leave_one_stop_work(province, desk, client_as):
    assert (
        client_as(province.daumoi)
        .post(f"/staff/{desk.minh.pk}/leave/", {"date_to": "2025-06-30"})
        .status_code
        == 403
    )
    c = client_as(province.daumoi_xa)
    r = c.post(f"/staff/{desk.minh.pk}/leave/", {"date_to": "2023-01-01"}, follow=True)
    assert "không được trước ngày bắt đầu" in r.content.decode()
    c.post(f"/staff/{desk.minh.pk}/leave/", {"date_to": "2025-06-30", "note": "Nghỉ hưu"})
    desk.minh.refresh_from_db()
    assert not desk.minh.active
    assert desk.minh.assignments.get().date_to == dt.date(2025, 6, 30)
    names = [a.text for a in soup(c.get("/staff/")).select("#staff-rows a")]
    assert names == ["Trần Thị Lan"]


def test_list_queries_do_not_grow_with_rows(
    province, desk, client_as, django_assert_max_num_queries
):
    for i in range(15):
        services.staff_register(
            actor=province.daumoi_xa,
            agency=province.commune_a,
            desk=province.desk_a,
            full_name=f"Cán Bộ Số {i}",
            position="Công chức",
            date_from=dt.date(2024, 1, 2),
        )
    c = client_as(province.noivu)
    with django_assert_max_num_queries(12):
        page = c.get("/staff/")
    assert len(soup(page).select("#staff-rows tr")) == 17
