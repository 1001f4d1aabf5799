"""One transition table (``services.TRANSITIONS``) drives the services, the page's buttons and
the API's actions: what the page offers is exactly what the service accepts."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.db import transaction
from django.urls import reverse

from cchc.core.errors import Conflict, DomainError, Forbidden
from cchc.dossiers import api
from cchc.dossiers import services as s
from cchc.dossiers.models import Dossier, Status

from .conftest import at
from .test_views import soup

pytestmark = pytest.mark.django_db
APPLICANT = s.Applicant(name="Nguyễn Văn An", phone="0901234567")
WAITING = s.Applicant(name="Trần Văn Chờ", phone="0907654321")
PERSONAS = ["motcua", "xuly", "lanhdao", "noivu", "motcua_xa", "admin"]


class _Undo(Exception):
    pass


def dossiers_in_every_state(p, procs) -> dict[str, Dossier]:
    def new():
        return s.dossier_receive(actor=p.motcua, procedure=procs.days, applicant=APPLICANT)

    made = {
        # Another applicant: a receipt for the same applicant would complete this dossier.
        "desk_supplement": s.dossier_request_supplement_at_desk(
            actor=p.motcua, procedure=procs.days, applicant=WAITING, items="Thiếu tờ khai"
        ),
        "received": new(),
    }
    made["in_progress"] = s.dossier_transfer(actor=p.motcua, dossier=new())
    made["supplement"] = s.dossier_request_supplement(
        actor=p.xuly, dossier=s.dossier_transfer(actor=p.motcua, dossier=new()), items="Tờ khai"
    )
    made["result_ready"] = s.dossier_result_ready(actor=p.xuly, dossier=new())
    made["returned"] = s.dossier_return(
        actor=p.motcua, dossier=s.dossier_result_ready(actor=p.xuly, dossier=new())
    )
    return made


def valid_args(action: str, d: Dossier) -> dict:
    if action == "request_supplement":
        return {"items": "Tờ khai"}
    if action == "apologize":
        later = s.calendar_for(d).add_workdays(d.due_date or dt.date(2024, 3, 4), 3)
        return {"reason": "Chờ xác minh", "new_due_date": later}
    if action in ("stop", "refuse"):
        return {"reason": "Theo đề nghị của người nộp"}
    return {}


def service_accepts(t, user, d) -> bool:
    """Run the service and undo it: does it get past its state and right checks?"""
    try:
        with transaction.atomic():
            t.service(actor=user, dossier=d.pk, **valid_args(t.action, d))
            raise _Undo
    except _Undo:
        return True
    except Forbidden:
        return False
    except Conflict as exc:
        return exc.code not in ("wrong_state", "apologized", "moved")
    except DomainError:
        return True


@time_machine.travel(at(2024, 3, 5, 9), tick=False)
def test_the_page_offers_exactly_what_the_service_accepts(province, procs, client_as):
    p = province
    for state, d in dossiers_in_every_state(p, procs).items():
        d.refresh_from_db()
        assert d.status == state
        for who in PERSONAS:
            user = getattr(p, who)
            offered = {t.action for t in s.available_transitions(user, d)}
            accepted = {t.action for t in s.TRANSITIONS.values() if service_accepts(t, user, d)}
            assert offered == accepted, (state, who, offered, accepted)
    # The page's buttons are the table's rows the user may take.
    d = dossiers_in_every_state(p, procs)["desk_supplement"]
    page = soup(client_as(p.motcua).get(reverse("dossiers:detail", args=[d.code])))
    assert {x["data-action"] for x in page.select("details.action")} == {"receive", "refuse"}


@time_machine.travel(at(2024, 3, 5, 9), tick=False)
def test_every_row_reaches_its_target_state(province, procs):
    p = province
    ds = dossiers_in_every_state(p, procs)
    for t in s.TRANSITIONS.values():
        d = ds[str(t.sources[0])]
        with transaction.atomic():
            before = Dossier.objects.get(pk=d.pk).status
            after = t.service(actor=p.admin, dossier=d.pk, **valid_args(t.action, d))
            assert after.status == (t.target or before), t.action
            transaction.set_rollback(True)


def test_the_api_takes_the_tables_actions_and_arguments(province, procs, api_client):
    p = province
    fields = set(api.ActionIn.model_fields)
    assert fields == {"at", "version"} | {a.name for t in s.TRANSITIONS.values() for a in t.args}
    d = s.dossier_request_supplement_at_desk(
        actor=p.motcua, procedure=procs.days, applicant=APPLICANT, items="Thiếu tờ khai"
    )
    c = api_client(p.motcua)
    url = f"/api/v1/dossiers/{d.code}/actions/"
    assert c.post(url + "fly", {}, content_type="application/json").status_code == 404
    r = c.post(url + "receive", {"note": "Đã đủ"}, content_type="application/json")
    assert r.status_code == 200 and r.json()["status"] == Status.RECEIVED
    r = c.post(url + "stop", {}, content_type="application/json")
    assert r.status_code == 400 and "(reason)" in r.json()["message"]
    assert Dossier.objects.get(pk=d.pk).status == Status.RECEIVED
