"""Stories about petitions (PAKN): a citizen writes in, Home Affairs classifies and answers,
the answer is published without personal data; bad input changes nothing."""

from __future__ import annotations

import datetime as dt
import time

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from cchc.calendars.models import Calendar
from cchc.calendars.selectors import clear_cache
from cchc.core.errors import Conflict, DomainError, Forbidden
from cchc.core.models import AuditEvent, SmsMessage
from cchc.feedback import selectors, services
from cchc.feedback.forms import TS_SALT
from cchc.feedback.models import Attachment, Feedback, FeedbackEvent, FeedbackLimit, Status
from cchc.testing.voice import text_of

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
SENDER = services.Sender(
    name="Nguyễn Văn Dân", phone="0912 345 678", address="5 Hòa Bình, Ninh Kiều"
)


@pytest.fixture
def cal(db):
    Calendar.objects.get_or_create(code="vn", defaults={"name": "Lịch", "is_default": True})
    clear_cache()
    yield
    clear_cache()


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.FEEDBACK_MIN_FILL_SECONDS = 0


def receive(province, **kw) -> Feedback:
    args: dict = dict(
        kind="phan_anh",
        title="Thủ tục cấp phiếu lý lịch tư pháp còn rườm rà",
        content="Đề nghị bỏ yêu cầu nộp bản sao giấy khai sinh.",
        sender=SENDER,
        channel="web",
    )
    args.update(kw)
    return services.feedback_receive(**args)


@time_machine.travel(dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC), tick=False)
def test_limits_are_working_days_after_receipt(province, cal, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        fb = receive(province)
    # Received Monday 2/3/2026: 2, 5 and 15 working days later (weekends skipped).
    assert fb.received_date == dt.date(2026, 3, 2)
    assert fb.reject_due == dt.date(2026, 3, 4)
    assert fb.transfer_due == dt.date(2026, 3, 9)
    assert fb.answer_due == dt.date(2026, 3, 23)
    assert fb.agency == province.province
    assert fb.code.startswith("PAKN-260302-")
    sms = SmsMessage.objects.get()
    assert fb.code in sms.body and "23/03/2026" in sms.body
    assert AuditEvent.objects.filter(action="feedback.receive").count() == 1


def test_limits_are_data(province, cal):
    FeedbackLimit.objects.filter(step="answer").update(working_days=10)
    fb = receive(province)
    cal_ = services.get_work_calendar(None)
    assert fb.answer_due == cal_.add_workdays(fb.received_date, 10)


@pytest.mark.parametrize(
    "sender,message",
    [
        (services.Sender(name="A", phone="", address="x"), "điện thoại"),
        (services.Sender(name="A", phone="0912345678", address=""), "địa chỉ"),
        (services.Sender(name="", phone="0912345678", address="x"), "họ tên"),
        (services.Sender(name="A", phone="abc", address="x"), "điện thoại"),
    ],
)
def test_sender_identity_required(province, cal, sender, message):
    with pytest.raises(DomainError, match=message):
        receive(province, sender=sender)
    assert Feedback.objects.count() == 0


def test_attachments_checked_by_extension_and_content(province, cal, settings):
    good = SimpleUploadedFile("giay-to.pdf", PDF, content_type="application/pdf")
    fb = receive(province, attachments=[good])
    att = Attachment.objects.get(feedback=fb)
    assert att.content_type == "application/pdf" and att.size == len(PDF)
    assert str(settings.PRIVATE_MEDIA_ROOT) in att.file.path
    fake = SimpleUploadedFile("anh.png", b"MZ\x90\x00 not a png", content_type="image/png")
    with pytest.raises(DomainError, match="không đúng định dạng"):
        receive(province, attachments=[fake])
    exe = SimpleUploadedFile("virus.exe", b"MZ\x90\x00", content_type="application/pdf")
    with pytest.raises(DomainError, match="không được nhận"):
        receive(province, attachments=[exe])
    settings.FEEDBACK_ATTACHMENT_MAX_BYTES = 10
    with pytest.raises(DomainError, match="quá lớn"):
        receive(province, attachments=[SimpleUploadedFile("a.pdf", PDF)])
    assert Feedback.objects.count() == 1 and Attachment.objects.count() == 1


def test_lifecycle_classify_answer_publish(province, cal, django_capture_on_commit_callbacks):
    p = province
    fb = receive(p, agency=p.justice)
    with pytest.raises(Forbidden):
        services.feedback_answer(actor=p.xuly, feedback=fb, answer="x")
    with pytest.raises(Conflict):
        services.feedback_answer(actor=p.noivu, feedback=fb, answer="x")
    fb = services.feedback_classify(actor=p.daumoi, feedback=fb, official=p.xuly)
    assert fb.status == Status.PROCESSING and fb.about_official and fb.agency == p.justice
    with django_capture_on_commit_callbacks(execute=True):
        fb = services.feedback_answer(
            actor=p.daumoi, feedback=fb, answer="Sở Tư pháp đã bỏ yêu cầu này từ 01/4."
        )
    assert fb.status == Status.ANSWERED and fb.publish_due is not None
    assert "đã được trả lời" in SmsMessage.objects.order_by("-id")[0].body
    with pytest.raises(DomainError, match="thông tin cá nhân"):
        services.feedback_publish(
            actor=p.daumoi, feedback=fb, public_question="Gọi tôi: 0912 345 678"
        )
    fb = services.feedback_publish(
        actor=p.daumoi, feedback=fb, public_question="Bỏ yêu cầu bản sao giấy khai sinh?"
    )
    assert fb.status == Status.PUBLISHED
    events = list(FeedbackEvent.objects.filter(feedback=fb).values_list("action", "on_time"))
    assert events == [
        ("receive", None),
        ("classify", None),
        ("answer", True),
        ("publish", True),
    ]
    # Searchable without diacritics, by agency; no personal data on the public item.
    assert list(selectors.published(q="ban sao giay khai sinh")) == [fb]
    assert list(selectors.published(q="dat dai")) == []
    assert list(selectors.published(agency=p.commune_a)) == []
    item = selectors.public_item(fb)
    assert "Nguyễn Văn Dân" not in str(item) and "0912" not in str(item)


def test_overdue_flag_and_on_time_rate(province, cal):
    p = province
    with time_machine.travel(dt.datetime(2026, 3, 2, 2, 0, tzinfo=dt.UTC), tick=False):
        late = receive(p)
        early = receive(p)
        services.feedback_classify(actor=p.noivu, feedback=early)
        services.feedback_answer(actor=p.noivu, feedback=early, answer="Đã xử lý.")
        services.feedback_publish(actor=p.noivu, feedback=early)
    with time_machine.travel(dt.datetime(2026, 4, 1, 2, 0, tzinfo=dt.UTC), tick=False):
        late.refresh_from_db()
        assert selectors.is_overdue(late)
        assert list(selectors.search(p.noivu, overdue=True)) == [late]
        services.feedback_classify(actor=p.noivu, feedback=late)
        services.feedback_answer(actor=p.noivu, feedback=late, answer="Trả lời muộn.")
        s = selectors.stats(None, dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert (s.received, s.answered, s.answered_on_time) == (2, 2, 1)
    assert s.on_time_rate == 50


def test_transfer_and_reject_need_a_target_and_reason(province, cal):
    p = province
    fb = receive(p)
    with pytest.raises(DomainError):
        services.feedback_transfer(actor=p.noivu, feedback=fb, to="")
    fb = services.feedback_transfer(actor=p.noivu, feedback=fb, to="Bộ Tư pháp")
    assert fb.status == Status.TRANSFERRED
    other = receive(p)
    with pytest.raises(DomainError):
        services.feedback_reject(actor=p.noivu, feedback=other, reason=" ")
    assert services.feedback_reject(actor=p.noivu, feedback=other, reason="Là khiếu nại").status


def test_lookup_same_answer_for_wrong_code_and_phone(province, cal, client):
    fb = receive(province)
    found = selectors.public_lookup(fb.code, "5678")
    assert found is not None and found["code"] == fb.code
    assert selectors.public_lookup(fb.code, "0000") is None
    assert selectors.public_lookup("PAKN-000000-AAAAA", "5678") is None
    wrong_phone = client.get("/feedback/tra-cuu/", {"code": fb.code, "phone": "1111"})
    wrong_code = client.get("/feedback/tra-cuu/", {"code": "PAKN-X", "phone": "5678"})
    assert text_of(wrong_phone.content, "#lookup-error") == selectors.NOT_FOUND
    assert text_of(wrong_code.content, "#lookup-error") == selectors.NOT_FOUND
    api_wrong = client.get("/api/v1/feedback/lookup", {"code": fb.code, "phone": "1111"})
    assert api_wrong.status_code == 404
    assert api_wrong.json()["message"] == selectors.NOT_FOUND


def _post_form(client, **extra):
    data = {
        "kind": "kien_nghi",
        "title": "Kiến nghị kéo dài giờ làm việc",
        "content": "Mở cửa Bộ phận Một cửa sáng thứ Bảy.",
        "sender_name": "Trần Thị Hoa",
        "sender_address": "12 Trần Phú",
        "sender_phone": "0987654321",
        "sender_email": "",
        "started": signing.dumps(time.time() - 30, salt=TS_SALT),
        "website": "",
    }
    data.update(extra)
    return client.post("/feedback/gui/", data)


def test_public_form_and_abuse_guards(province, cal, client, settings):
    settings.FEEDBACK_MIN_FILL_SECONDS = 4
    r = _post_form(client, sender_phone="")
    assert r.status_code == 200 and Feedback.objects.count() == 0
    assert "has-error" in r.content.decode()
    assert _post_form(client, website="http://spam").status_code == 200
    fast = _post_form(client, started=signing.dumps(time.time(), salt=TS_SALT))
    assert "quá nhanh" in fast.content.decode()
    forged = _post_form(client, started="123:abc")
    assert "hết hạn" in forged.content.decode()
    assert Feedback.objects.count() == 0
    ok = _post_form(client)
    code = text_of(ok.content, "#feedback-code")
    assert Feedback.objects.get().code == code


def test_public_form_and_api_share_one_limit_per_address(province, cal, client, settings):
    settings.FEEDBACK_SUBMIT_LIMIT = 2
    payload = {
        "kind": "phan_anh",
        "title": "Cán bộ chậm trả kết quả",
        "content": "Hẹn nhiều lần.",
        "sender": {"name": "Lý Văn Tư", "phone": "0901234567", "address": "Cái Răng"},
    }
    _post_form(client)
    api = client.post("/api/v1/feedback", payload, content_type="application/json")
    assert api.status_code == 201
    form = _post_form(client)
    assert "quá nhiều lần" in form.content.decode()
    api = client.post("/api/v1/feedback", payload, content_type="application/json")
    assert api.status_code == 429 and "quá nhiều lần" in api.json()["message"]
    assert Feedback.objects.count() == 2
    # another address is not held back by this one
    other = client.post(
        "/api/v1/feedback", payload, content_type="application/json", REMOTE_ADDR="203.0.113.9"
    )
    assert other.status_code == 201 and Feedback.objects.count() == 3


def test_attachment_served_only_to_staff_in_scope(province, cal, client, client_as):
    p = province
    fb = receive(p, agency=p.justice, attachments=[SimpleUploadedFile("a.pdf", PDF)])
    att = fb.attachments.get()
    url = f"/feedback/attachments/{att.pk}/"
    assert client.get(url).status_code == 302  # login first
    assert client_as(p.motcua_xa).get(url).status_code == 403
    r = client_as(p.daumoi).get(url)
    assert r.status_code == 200
    assert r["Content-Disposition"].startswith("attachment")
    assert b"".join(r.streaming_content) == PDF


def test_queue_scoped_and_detail_refused_outside(province, cal, client_as):
    p = province
    fb = receive(p, agency=p.justice)
    other = receive(p, agency=p.commune_a)
    html = client_as(p.daumoi).get("/feedback/").content.decode()
    assert fb.code in html and other.code not in html
    found = client_as(p.daumoi).get("/feedback/", {"q": "ruom ra"}).content.decode()
    assert fb.code in found
    assert client_as(p.daumoi).get(f"/feedback/c/{other.code}/").status_code == 404


def test_htmx_actions_on_detail(province, cal, client_as):
    p = province
    fb = receive(p)
    c = client_as(p.noivu)
    r = c.post(
        f"/feedback/c/{fb.code}/action/classify/",
        {"version": fb.version, "agency": p.justice.pk},
        HTTP_HX_REQUEST="true",
    )
    assert r.status_code == 200
    assert text_of(r.content, "#feedback-status") == "Đang xử lý"
    r = c.post(f"/feedback/c/{fb.code}/action/answer/", {"answer": ""}, HTTP_HX_REQUEST="true")
    assert "nội dung trả lời" in text_of(r.content, "#action-error")
    assert Feedback.objects.get(pk=fb.pk).status == Status.PROCESSING


def test_api_as_the_issue_states(province, cal, client, api_client):
    r = client.post(
        "/api/v1/feedback",
        {
            "kind": "phan_anh",
            "title": "Cán bộ chậm trả kết quả",
            "content": "Hẹn nhiều lần.",
            "sender": {"name": "Lý Văn Tư", "phone": "0901234567", "address": "Cái Răng"},
            "agency": "STP",
        },
        content_type="application/json",
    )
    assert r.status_code == 201, r.content
    body = r.json()
    assert {"code", "status", "answer_due"} <= body.keys() and body["status"] == "received"
    missing = client.post(
        "/api/v1/feedback",
        {"kind": "phan_anh", "title": "x", "content": "y", "sender": {"name": "A"}},
        content_type="application/json",
    )
    assert missing.status_code == 400 and "điện thoại" in missing.json()["message"]
    code = body["code"]
    staff = api_client(province.daumoi)
    r = staff.post(f"/api/v1/feedback/{code}/actions/classify", {}, content_type="application/json")
    assert r.json()["status"] == "processing"
    r = staff.post(
        f"/api/v1/feedback/{code}/actions/answer",
        {"answer": "Đã nhắc nhở cán bộ."},
        content_type="application/json",
    )
    assert r.json()["status"] == "answered"
    staff.post(
        f"/api/v1/feedback/{code}/actions/publish",
        {"public_question": "Cán bộ chậm trả kết quả"},
        content_type="application/json",
    )
    client.defaults.pop("HTTP_AUTHORIZATION", None)
    pub = client.get("/api/v1/feedback/published", {"q": "can bo cham"}).json()
    assert pub["count"] == 1 and pub["results"][0]["answer"] == "Đã nhắc nhở cán bộ."
    assert "Lý Văn Tư" not in str(pub)
    assert client.get("/api/v1/feedback").status_code == 401


def test_hotline_entry_by_one_stop_staff(province, cal, client_as):
    p = province
    c = client_as(p.motcua)
    r = c.post(
        "/feedback/new/",
        {
            "channel": "hotline",
            "kind": "phan_anh",
            "title": "Gọi đường dây nóng: quầy số 3 vắng người",
            "content": "Người dân gọi lúc 9 giờ.",
            "sender_name": "Người gọi đường dây nóng",
            "sender_phone": "0987000111",
        },
    )
    fb = Feedback.objects.get()
    assert fb.channel == "hotline" and fb.received_by == p.motcua
    assert r.status_code == 302
    assert client_as(p.xuly).get("/feedback/new/").status_code == 403
    assert client_as(p.xuly).get("/feedback/").status_code == 403


def test_official_conduct_record(province, cal):
    p = province
    fb = receive(p, agency=p.justice)
    services.feedback_classify(actor=p.noivu, feedback=fb, official=p.xuly)
    items = selectors.about_official(p.xuly.pk, fb.received_date, fb.received_date)
    assert [i[0] for i in items] == [fb.received_date] and fb.code in items[0][1]


def test_queue_queries_do_not_grow_with_rows(
    province, cal, client_as, django_assert_max_num_queries
):
    for _ in range(3):
        receive(province)
    c = client_as(province.noivu)
    c.get("/feedback/")
    with django_assert_max_num_queries(12) as few:
        c.get("/feedback/")
    for _ in range(10):
        receive(province)
    with django_assert_max_num_queries(len(few.captured_queries)):
        c.get("/feedback/")


def test_pages_in_english(province, cal, client):
    client.cookies["django_language"] = "en"
    html = client.get("/feedback/gui/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Send feedback or a petition" in html and "Phone number" in html


# A case in each state, reached through the services themselves.
_PATHS: dict[str, list[tuple[str, dict]]] = {
    Status.RECEIVED: [],
    Status.PROCESSING: [("classify", {})],
    Status.INFO_REQUESTED: [("request-info", {"reason": "Thiếu địa chỉ cụ thể."})],
    Status.ANSWERED: [("classify", {}), ("answer", {"answer": "Đã tiếp thu."})],
    Status.PUBLISHED: [
        ("classify", {}),
        ("answer", {"answer": "Đã tiếp thu."}),
        ("publish", {"public_question": "Đề nghị bỏ bản sao giấy khai sinh."}),
    ],
    Status.REJECTED: [("reject", {"reason": "Là đơn khiếu nại."})],
    Status.TRANSFERRED: [("transfer", {"to": "Bộ Tư pháp"})],
}
_ARGS = {
    "classify": {},
    "reject": {"reason": "Không thuộc phạm vi."},
    "request-info": {"reason": "Thiếu địa chỉ."},
    "info-received": {},
    "transfer": {"to": "Bộ Tư pháp"},
    "answer": {"answer": "Đã tiếp thu."},
    "publish": {"public_question": "Câu hỏi."},
}


@pytest.mark.parametrize("status", list(_PATHS))
def test_page_offers_exactly_the_steps_the_service_accepts(province, cal, client_as, status):
    """One table decides: every form on the page is a step the service takes from this state,
    and every step it refuses from this state has no form."""
    p = province
    assert set(_PATHS) == set(Status.values)
    fb = receive(p)
    for action, args in _PATHS[status]:
        services.ACTIONS[action](actor=p.noivu, feedback=fb, **args)
    fb.refresh_from_db()
    assert fb.status == status
    html = client_as(p.noivu).get(f"/feedback/c/{fb.code}/").content.decode()
    offered = {
        d["data-action"]
        for d in BeautifulSoup(html, "html.parser").select("#feedback-actions details")
    }
    accepted = set()
    for action, args in _ARGS.items():
        try:
            with transaction.atomic():
                services.ACTIONS[action](actor=p.noivu, feedback=fb.pk, **args)
                raise _Undo
        except _Undo:
            accepted.add(action)
        except Conflict as exc:
            assert exc.code == "wrong_state", exc.message
    assert offered == accepted == set(services.allowed_actions(fb))


class _Undo(Exception):
    """Rolls back a step that was only tried."""
