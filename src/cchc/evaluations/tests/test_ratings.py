"""Stories about rating dossiers: online through the signed link (once only), at the desk's
tablet, "Chưa hài lòng" opening a feedback case, the quarterly compilation."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from cchc.core.errors import Conflict, DomainError, Forbidden
from cchc.core.models import SmsMessage
from cchc.dossiers import services as ds
from cchc.evaluations import selectors, services
from cchc.evaluations.models import EvaluationIndicator, Rating
from cchc.feedback.models import Feedback
from cchc.testing import html
from cchc.testing.voice import returned_dossier, text_of


def full(score: int) -> dict[str, int]:
    return {i.code: score for i in EvaluationIndicator.objects.all()}


def test_rating_link_sent_on_return_and_once_only(
    province, procs, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        d = returned_dossier(province, procs.days)
    sms = SmsMessage.objects.filter(body__contains="/danh-gia/r/").get()
    url = sms.body.split("http://127.0.0.1:8000", 1)[-1].strip()
    page = client.get(url)
    assert page.status_code == 200 and d.code in page.content.decode()
    r = client.post(url, {"level": "very_satisfied"})
    assert "Cảm ơn" in r.content.decode()
    assert Rating.objects.get().level == "very_satisfied"
    again = client.post(url, {"level": "unsatisfied", "reason": "x"})
    assert again.status_code == 409 and "một lần" in again.content.decode()
    assert Rating.objects.count() == 1 and Feedback.objects.count() == 0


def test_forged_token_refused(province, procs, client):
    d = returned_dossier(province, procs.days)
    token = services.rating_token(d)
    forged = token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB")
    r = client.get(f"/danh-gia/r/{forged}/")
    assert r.status_code == 400
    assert "không hợp lệ" in html.text(BeautifulSoup(r.content, "html.parser"), "#rate-error")
    assert client.post(f"/danh-gia/r/{forged}/", {"level": "satisfied"}).status_code == 400
    assert Rating.objects.count() == 0


def test_not_returned_cannot_be_rated(province, procs):
    d = ds.dossier_receive(
        actor=province.motcua, procedure=procs.days, applicant=ds.Applicant(name="A")
    )
    with pytest.raises(Conflict, match="chưa trả kết quả"):
        services.rating_submit(dossier=d, level="satisfied", channel="online")


def test_unsatisfied_asks_why_then_opens_a_feedback_case(province, procs):
    d = returned_dossier(province, procs.days)
    with pytest.raises(DomainError, match="vì điều gì"):
        services.rating_submit(dossier=d, level="unsatisfied", channel="online")
    assert Rating.objects.count() == 0
    rating = services.rating_submit(
        dossier=d, level="unsatisfied", channel="online", reason="Phải đi lại ba lần."
    )
    fb = rating.feedback
    assert fb is not None and fb.dossier == d and fb.channel == "rating"
    assert fb.agency == d.agency and fb.content == "Phải đi lại ba lần."
    assert rating.officer == province.xuly


def test_full_form_scores_all_nine(province, procs):
    d = returned_dossier(province, procs.days)
    partial = {"total_time": 2}
    with pytest.raises(DomainError, match="chín chỉ số"):
        services.rating_submit(dossier=d, level="satisfied", channel="kiosk", scores=partial)
    with pytest.raises(DomainError, match="2, 1 hoặc 0"):
        services.rating_submit(dossier=d, level="satisfied", channel="kiosk", scores=full(3))
    r = services.rating_submit(dossier=d, level="satisfied", channel="kiosk", scores=full(2))
    assert r.total_score == 18 and r.scores.count() == 9


def test_kiosk_bound_to_its_desk(province, procs, client):
    p = province
    d = returned_dossier(p, procs.days)
    with pytest.raises(Forbidden):
        services.kiosk_issue(actor=p.motcua, desk=p.centre, name="Quầy 1")
    kiosk, raw = services.kiosk_issue(actor=p.noivu, desk=p.centre, name="Quầy 1")
    assert client.get("/danh-gia/kiosk/wrong-token/").status_code == 403
    page = client.get(f"/danh-gia/kiosk/{raw}/")
    assert d.code in page.content.decode()
    other, raw_other = services.kiosk_issue(actor=p.noivu, desk=p.desk_a, name="Quầy xã")
    assert client.get(f"/danh-gia/kiosk/{raw_other}/{d.code}/").status_code == 404
    data = {"level": "satisfied", **{f"score_{k}": v for k, v in full(1).items()}}
    r = client.post(f"/danh-gia/kiosk/{raw}/{d.code}/", data)
    assert r.status_code == 200
    rating = Rating.objects.get()
    assert (rating.channel, rating.kiosk, rating.total_score) == ("kiosk", kiosk, 9)
    assert d.code not in client.get(f"/danh-gia/kiosk/{raw}/").content.decode()
    services.kiosk_revoke(actor=p.noivu, kiosk=kiosk)
    assert client.get(f"/danh-gia/kiosk/{raw}/").status_code == 403


def test_lookup_offers_the_rating_link(province, procs, client):
    d = returned_dossier(province, procs.days)
    page = client.get("/dossiers/lookup/", {"code": d.code, "phone": "0111"}).content.decode()
    link = BeautifulSoup(page, "html.parser").select_one("a[data-link=public]")
    assert link is not None and html.attr(link, "href").startswith("/danh-gia/r/")
    services.rating_submit(dossier=d, level="satisfied", channel="online")
    page = client.get("/dossiers/lookup/", {"code": d.code, "phone": "0111"}).content.decode()
    assert BeautifulSoup(page, "html.parser").select_one("a[data-link=public]") is None


def test_quarterly_compilation_bands_and_own_ratings(province, procs, client_as):
    p = province
    levels = [("very_satisfied", 2), ("satisfied", 1), ("unsatisfied", 0)]
    for i, (level, score) in enumerate(levels):
        d = returned_dossier(p, procs.days, phone=f"0912 000 11{i}")
        services.rating_submit(
            dossier=d, level=level, channel="kiosk", scores=full(score), reason="chậm"
        )
    today = timezone.localdate()
    rows, total = selectors.compilation(p.noivu, today.year, (today.month - 1) // 3 + 1)
    assert [r.agency for r in rows] == [p.justice]
    s = rows[0].shares
    assert (s.total, s.very_satisfied, s.satisfied, s.unsatisfied) == (3, 1, 1, 1)
    assert s.mean_score == 9 and s.band == "Khá"
    assert str(s.satisfied_share) == "66.67"
    page = client_as(p.noivu).get("/danh-gia/")
    assert "Khá" in page.content.decode()
    assert client_as(p.xuly).get("/danh-gia/").status_code == 403
    mine = client_as(p.xuly).get("/danh-gia/mine/").content.decode()
    assert mine.count("<tr>") == 4  # header + three ratings
    assert client_as(p.motcua_xa).get("/danh-gia/mine/").content.decode().count("<tr>") == 2


def test_api_rate_and_compilation(province, procs, client, api_client):
    d = returned_dossier(province, procs.days)
    token = services.rating_token(d)
    r = client.post(
        "/api/v1/evaluations/ratings",
        {"token": token, "level": "satisfied"},
        content_type="application/json",
    )
    assert r.status_code == 201
    again = client.post(
        "/api/v1/evaluations/ratings",
        {"token": token, "level": "satisfied"},
        content_type="application/json",
    )
    assert again.status_code == 409
    today = timezone.localdate()
    data = (
        api_client(province.noivu)
        .get(
            "/api/v1/evaluations/compilation",
            {"year": today.year, "quarter": (today.month - 1) // 3 + 1},
        )
        .json()
    )
    assert data["total"]["total"] == 1 and data["units"][0]["agency"] == "STP"


def test_kiosk_page_issues_a_token_once(province, procs, client_as):
    p = province
    c = client_as(p.noivu)
    r = c.post("/danh-gia/kiosks/", {"desk": p.centre.pk, "name": "Quầy 2"})
    url = text_of(r.content, "#kiosk-url")
    assert "/danh-gia/kiosk/" in url
    assert "#kiosk-url" not in c.get("/danh-gia/kiosks/").content.decode()
    assert client_as(p.daumoi).get("/danh-gia/kiosks/").status_code == 403


def test_unsatisfied_ratings_on_the_officer_record(province, procs):
    d = returned_dossier(province, procs.days)
    services.rating_submit(dossier=d, level="unsatisfied", channel="online", reason="Chậm")
    today = timezone.localdate()
    items = selectors.unsatisfied_for(province.xuly.pk, today, today)
    assert len(items) == 1 and d.code in items[0][1]


def test_the_kept_lookup_drops_the_rating_link_once_rated(
    redis_cache, province, procs, django_capture_on_commit_callbacks
):
    """The lookup's answer is kept in Redis with its links (``lookup_cache``): a rating given
    takes its link off at once."""
    from cchc.dossiers import selectors as dossier_selectors

    with django_capture_on_commit_callbacks(execute=True):
        d = returned_dossier(province, procs.days)
    found = dossier_selectors.public_lookup(d.code, "0111")
    assert found is not None and [x["label"] for x in found["links"]] == [
        "Đánh giá mức độ hài lòng"
    ]
    with django_capture_on_commit_callbacks(execute=True):
        services.rating_submit(dossier=d, level="satisfied", channel="online")
    found = dossier_selectors.public_lookup(d.code, "0111")
    assert found is not None and found["links"] == []
