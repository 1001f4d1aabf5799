"""Browser story (issue 13, "Done when"): the ward's focal point registers two one-stop
officers; Home Affairs loads the question bank (a file with a missing answer key is refused
line by line) and runs the six-monthly test; Lan passes her second round and lands on the
commendation list; Minh's submission after time is refused, his saved answers fail him and he
lands on the list for other work. The screenshots illustrate the guide."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from cchc.accounts.models import Role, User
from cchc.staff import services
from cchc.staff.models import Proposal, Question, StaffMember, TestAttempt
from cchc.testing.fixtures import screenshot
from cchc.testing.personas import PASSWORD, build_province

from .conftest import bank_rows, write_bank

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _switch(page, login_page, user):
    page.context.clear_cookies()
    login_page(user)


def test_register_test_commend_and_reassign(page, login_page, tmp_path):
    p = build_province()
    lan_user = User.objects.create_user(
        username="thilan",
        password=PASSWORD,
        role=Role.ONE_STOP,
        agency=p.commune_a,
        first_name="Lan",
        last_name="Trần Thị",
    )
    minh_user = User.objects.create_user(
        username="vanminh",
        password=PASSWORD,
        role=Role.ONE_STOP,
        agency=p.commune_a,
        first_name="Minh",
        last_name="Lê Văn",
    )

    # 1. The ward's focal point registers her desk's officers.
    login_page(p.daumoi_xa)
    for name, user, position in (
        ("Trần Thị Lan", lan_user, "Công chức Tư pháp - Hộ tịch"),
        ("Lê Văn Minh", minh_user, "Công chức Địa chính - Xây dựng"),
    ):
        page.goto(page.base_url + "/staff/new/")
        page.fill("#id_full_name", name)
        page.select_option("#id_desk", value=str(p.desk_a.pk))
        page.fill("#id_position", position)
        page.fill("#id_date_from", "2024-01-02")
        page.select_option("#id_user", value=str(user.pk))
        if name == "Lê Văn Minh":
            screenshot(page, "staff-register")
        page.click("#staff-form button[type=submit]")
        page.wait_for_selector("#staff")
    assert page.locator("#staff-rows tr").count() == 2
    screenshot(page, "staff-list")
    lan = StaffMember.objects.get(user=lan_user)
    minh = StaffMember.objects.get(user=minh_user)

    # 2. Home Affairs loads the bank: a missing answer key is refused with its line number.
    _switch(page, login_page, p.noivu)
    bad = bank_rows(12)
    bad[4][-1] = None
    page.goto(page.base_url + "/staff/questions/")
    page.set_input_files("#id_file", str(write_bank(tmp_path / "ngan-hang-loi.xlsx", bad)))
    page.click("#bank-form button[type=submit]")
    page.wait_for_selector("#import-errors")
    assert "Dòng 7: thiếu đáp án đúng." in page.text_content("#import-errors")
    assert page.locator("#commit").count() == 0
    screenshot(page, "staff-questions-errors")
    assert Question.objects.count() == 0
    page.goto(page.base_url + "/staff/questions/")
    page.set_input_files("#id_file", str(write_bank(tmp_path / "ngan-hang.xlsx", bank_rows(12))))
    page.click("#bank-form button[type=submit]")
    page.wait_for_selector("#preview")
    screenshot(page, "staff-questions-preview")
    page.click("#commit")
    page.wait_for_selector("#topics")
    assert Question.objects.count() == 12

    # Lan already passed the previous round (last year's second half).
    now = timezone.now()
    previous = services.round_create(
        actor=p.noivu,
        agency=p.commune_a,
        year=now.year - 1,
        half=2,
        opens_at=now - dt.timedelta(hours=2),
        closes_at=now + dt.timedelta(hours=1),
        question_count=5,
    )
    first = services.attempt_start(actor=lan_user, round=previous)
    for qid in first.question_ids:
        services.attempt_answer(
            actor=lan_user,
            attempt=first,
            question_id=qid,
            choice=Question.objects.get(pk=qid).answer,
        )
    services.attempt_submit(actor=lan_user, attempt=first)

    # 3. Home Affairs opens this half's round for the ward.
    page.goto(page.base_url + "/staff/rounds/")
    page.select_option("#id_agency", value=str(p.commune_a.pk))
    page.select_option("#id_half", value="1")
    page.fill("#id_question_count", "5")
    page.fill("#id_pass_mark", "60")
    screenshot(page, "staff-round-new")
    page.click("#round-form button[type=submit]")
    page.wait_for_selector("#results")
    assert "2 người chưa làm bài" in page.text_content("#pending-count")

    # 4. Lan takes it: answers saved as she goes, a reload keeps them, she passes.
    _switch(page, login_page, lan_user)
    page.goto(page.base_url + "/staff/rounds/")
    page.click("#my-tests button")
    page.wait_for_selector("#timer")
    attempt = TestAttempt.objects.get(staff=lan, round__year=now.year)
    keys = {q: Question.objects.get(pk=q).answer for q in attempt.question_ids}
    for i, (qid, key) in enumerate(keys.items()):
        with page.expect_response(lambda r: r.url.endswith("/answer/")):
            page.check(f'input[name="q{qid}"][value="{key}"]')
        if i == 1:
            page.reload()
            page.wait_for_selector("#timer")
            first_two = list(keys.items())[:2]
            for q, k in first_two:
                assert page.is_checked(f'input[name="q{q}"][value="{k}"]')
    page.wait_for_selector(f"#saved-{qid}:has-text('đã lưu')")
    page.evaluate("window.scrollTo(0, 0)")
    screenshot(page, "staff-test")
    page.click("#submit-test")
    page.wait_for_selector("#result")
    assert "100,00%" in page.text_content("#result")
    # No second attempt: the start button is gone.
    page.goto(page.base_url + "/staff/rounds/")
    assert page.locator("#my-tests button").count() == 0

    # 5. Minh starts, saves one wrong answer, and submits after his time is up.
    _switch(page, login_page, minh_user)
    page.goto(page.base_url + "/staff/rounds/")
    page.click("#my-tests button")
    page.wait_for_selector("#timer")
    mine = TestAttempt.objects.get(staff=minh, round__year=now.year)
    q0 = mine.question_ids[0]
    wrong = (Question.objects.get(pk=q0).answer + 1) % 4
    with page.expect_response(lambda r: r.url.endswith("/answer/")):
        page.check(f'input[name="q{q0}"][value="{wrong}"]')
    past = timezone.now() - dt.timedelta(seconds=30)
    TestAttempt.objects.filter(pk=mine.pk).update(
        started_at=past - dt.timedelta(minutes=30), deadline_at=past
    )  # his thirty minutes have passed on the server's clock
    page.click("#submit-test")
    page.wait_for_selector(".msg-error")
    assert "Đã hết thời gian làm bài" in page.text_content(".msg-error")
    assert "bài nộp sau thời gian không được nhận" in page.text_content(".msg-error")
    mine.refresh_from_db()
    assert mine.status == "expired" and mine.passed is False  # scored on what he had saved

    # 6. The ward's leader sees both lists and decides (each decision audited).
    _switch(page, login_page, p.lanhdao_xa)
    page.goto(page.base_url + "/staff/proposals/?kind=commendation")
    assert page.locator("#proposal-list td:first-child a").all_inner_texts() == ["Trần Thị Lan"]
    screenshot(page, "staff-proposals")
    page.goto(page.base_url + "/staff/proposals/?kind=reassignment")
    assert page.locator("#proposal-list td:first-child a").all_inner_texts() == ["Lê Văn Minh"]
    page.select_option("#proposal-list select", value="1")
    page.click("#proposal-list button[type=submit]")
    page.wait_for_selector(".msg-success")
    assert Proposal.objects.get(staff=minh).status == "approved"
    page.goto(page.base_url + f"/staff/{lan.pk}/")
    assert page.locator("#proposals li").count() == 1
    screenshot(page, "staff-card")
