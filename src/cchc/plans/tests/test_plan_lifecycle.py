"""Issuing and closing a plan are confirmed on their own page before anything changes; a
closed plan can be reopened with a reason, kept in its history (issue 10, item 15)."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup, Tag
from django.urls import reverse

from cchc.core.errors import Conflict, DomainError, Forbidden
from cchc.core.models import AuditEvent
from cchc.plans import services
from cchc.plans.models import Plan, PlanStatus

pytestmark = pytest.mark.django_db


def soup(resp) -> BeautifulSoup:
    assert resp.status_code == 200, resp.content[:300]
    return BeautifulSoup(resp.content, "html.parser")


def one(page: BeautifulSoup, selector: str) -> Tag:
    found = page.select_one(selector)
    assert found is not None, selector
    return found


def status(plan: Plan) -> str:
    plan.refresh_from_db()
    return plan.status


def test_reopen_needs_a_reason_and_is_audited(plan, province):
    services.plan_issue(actor=province.noivu, plan=plan)
    with pytest.raises(Conflict):
        services.plan_reopen(actor=province.noivu, plan=plan, reason="Chưa kết thúc")
    services.plan_close(actor=province.noivu, plan=plan)
    with pytest.raises(DomainError, match="Nhập lý do mở lại kế hoạch"):
        services.plan_reopen(actor=province.noivu, plan=plan, reason="   ")
    with pytest.raises(Forbidden):
        services.plan_reopen(actor=province.lanhdao, plan=plan, reason="Lãnh đạo chỉ xem")
    assert status(plan) == PlanStatus.CLOSED
    services.plan_reopen(
        actor=province.noivu, plan=plan, reason="Sở Tư pháp gửi báo cáo muộn theo Công văn 15"
    )
    assert status(plan) == PlanStatus.ISSUED
    event = AuditEvent.objects.filter(object_id=str(plan.pk), action="plan_reopen").get()
    assert event.changes == {"status": ["closed", "issued"]}
    assert event.reason == "Sở Tư pháp gửi báo cáo muộn theo Công văn 15"
    assert event.actor == province.noivu


def test_issue_and_close_are_confirmed_before_they_happen(plan, province, client_as):
    c = client_as(province.noivu)
    detail = soup(c.get(reverse("plans:plan", args=[plan.pk])))
    issue_url = reverse("plans:transition", args=[plan.pk, "issue"])
    assert one(detail, f".toolbar a[href='{issue_url}']").get_text() == "Ban hành"
    page = soup(c.get(issue_url))
    assert "Ban hành kế hoạch này?" in one(page, "#confirm").get_text()
    assert status(plan) == PlanStatus.DRAFT  # asking changes nothing
    c.post(issue_url)
    assert status(plan) == PlanStatus.ISSUED
    close_url = reverse("plans:transition", args=[plan.pk, "close"])
    page = soup(c.get(close_url))
    assert "Kết thúc kế hoạch này?" in one(page, "#confirm").get_text()
    assert status(plan) == PlanStatus.ISSUED
    c.post(close_url)
    assert status(plan) == PlanStatus.CLOSED


def test_reopen_through_the_page_asks_for_the_reason(plan, province, client_as):
    services.plan_issue(actor=province.noivu, plan=plan)
    services.plan_close(actor=province.noivu, plan=plan)
    c = client_as(province.noivu)
    url = reverse("plans:transition", args=[plan.pk, "reopen"])
    detail = soup(c.get(reverse("plans:plan", args=[plan.pk])))
    assert detail.select_one(f".toolbar a[href='{url}']")
    page = soup(c.get(url))
    assert page.select_one("#confirm textarea[name=reason]")
    refused = c.post(url, {"reason": ""})
    assert refused.status_code == 400
    assert "Nhập lý do mở lại kế hoạch." in refused.content.decode()
    assert status(plan) == PlanStatus.CLOSED
    c.post(url, {"reason": "Bổ sung nhiệm vụ theo chỉ đạo"})
    assert status(plan) == PlanStatus.ISSUED
    history = c.get(reverse("core:history", args=["plans", "plan", plan.pk])).content.decode()
    assert "Bổ sung nhiệm vụ theo chỉ đạo" in history


def test_confirmation_page_refuses_those_who_cannot_manage(plan, province, client_as):
    url = reverse("plans:transition", args=[plan.pk, "issue"])
    assert client_as(province.lanhdao).get(url).status_code == 403
    assert client_as(province.lanhdao).post(url).status_code == 403
    assert status(plan) == PlanStatus.DRAFT
    assert (
        client_as(province.noivu)
        .get(reverse("plans:transition", args=[plan.pk, "nope"]))
        .status_code
        == 404
    )
