"""REST API of the staff app, mounted at /api/v1/staff. Same selectors and services as the
pages, so the same rights and the same Vietnamese refusals."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status

from cchc.accounts.models import User
from cchc.core.errors import DomainError
from cchc.organizations.models import Agency

from . import selectors, services

router = Router(tags=["staff"])


class AssignmentOut(Schema):
    agency_id: int
    desk_id: int | None
    position: str
    date_from: dt.date
    date_to: dt.date | None


class StaffOut(Schema):
    id: int
    full_name: str
    agency_id: int
    agency: str
    user_id: int | None
    active: bool

    @staticmethod
    def resolve_agency(obj) -> str:
        return obj.agency.name


class StaffDetailOut(StaffOut):
    assignments: list[AssignmentOut]

    @staticmethod
    def resolve_assignments(obj) -> list:
        return list(obj.assignments.all())


class StaffIn(Schema):
    full_name: str
    agency_id: int
    position: str
    date_from: dt.date
    desk_id: int | None = None
    user_id: int | None = None
    phone: str = ""
    email: str = ""


class RoundOut(Schema):
    id: int
    title: str
    agency_id: int
    year: int
    half: int
    opens_at: dt.datetime
    closes_at: dt.datetime
    duration_minutes: int
    question_count: int
    pass_mark: Decimal


class ResultOut(Schema):
    staff_id: int
    full_name: str
    status: str
    score: Decimal | None
    passed: bool | None


class ProposalOut(Schema):
    id: int
    staff_id: int
    full_name: str
    kind: str
    round_id: int
    status: str
    basis: str
    decided_at: dt.datetime | None


@router.get("/members", response=list[StaffOut])
def list_members(request, active: bool | None = None):
    qs = selectors.staff_for(request.user)
    if active is not None:
        qs = qs.filter(active=active)
    return list(qs[:2000])


@router.get("/members/{member_id}", response=StaffDetailOut)
def get_member(request, member_id: int):
    return selectors.get_staff_for(request.user, member_id)


@router.post("/members", response={201: StaffDetailOut})
def create_member(request, payload: StaffIn):
    agency = get_object_or_404(Agency, pk=payload.agency_id)
    desk = get_object_or_404(Agency, pk=payload.desk_id) if payload.desk_id else None
    user = get_object_or_404(User, pk=payload.user_id) if payload.user_id else None
    member = services.staff_register(
        actor=request.user,
        agency=agency,
        desk=desk,
        user=user,
        full_name=payload.full_name,
        position=payload.position,
        date_from=payload.date_from,
        phone=payload.phone,
        email=payload.email,
    )
    return Status(201, member)


@router.get("/rounds", response=list[RoundOut])
def list_rounds(request):
    return list(selectors.rounds_for(request.user).order_by("-year", "-half"))


@router.get("/rounds/{round_id}/results", response=list[ResultOut])
def round_results(request, round_id: int):
    rnd = selectors.get_round_for(request.user, round_id)
    return [
        {
            "staff_id": r.staff.pk,
            "full_name": r.staff.full_name,
            "status": r.attempt.status if r.attempt else "not_taken",
            "score": r.attempt.score if r.attempt else None,
            "passed": r.attempt.passed if r.attempt else None,
        }
        for r in selectors.round_progress(request.user, rnd)
    ]


@router.get("/proposals", response=list[ProposalOut])
def list_proposals(request, kind: str | None = None):
    if kind is not None and kind not in ("commendation", "reassignment"):
        raise DomainError("Loại đề nghị là commendation hoặc reassignment.")
    return [
        {
            "id": p.pk,
            "staff_id": p.staff_id,
            "full_name": p.staff.full_name,
            "kind": p.kind,
            "round_id": p.round_id,
            "status": p.status,
            "basis": p.basis,
            "decided_at": p.decided_at,
        }
        for p in selectors.proposals_for(request.user, kind)
    ]
