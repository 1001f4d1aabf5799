"""REST API of inspections, mounted at /api/v1/inspections. Same selectors and services as
the pages."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status

from cchc.accounts.models import User
from cchc.organizations.models import Agency

from . import selectors, services
from .models import Checklist

router = Router(tags=["inspections"])


class GroupOut(Schema):
    total: int
    planned: int
    share: float


class CoverageOut(Schema):
    departments: GroupOut
    communes: GroupOut
    target: float
    ok: bool


class PlanOut(Schema):
    id: int
    year: int
    title: str
    number: str
    agency_id: int
    target_share: Decimal


class InspectionOut(Schema):
    id: int
    plan_id: int
    agency_id: int
    agency: str
    kind: str
    date_from: dt.date
    date_to: dt.date
    status: str
    concluded_on: dt.date | None

    @staticmethod
    def resolve_agency(obj) -> str:
        return obj.agency.name


class PlanDetailOut(PlanOut):
    coverage: CoverageOut
    inspections: list[InspectionOut]


class PlanIn(Schema):
    year: int
    title: str = ""
    number: str = ""
    target_share: Decimal | None = None


class ScheduleIn(Schema):
    agency_id: int
    date_from: dt.date
    date_to: dt.date
    kind: str = "reform"
    lead_id: int | None = None
    member_ids: list[int] = []
    checklist_ids: list[int] = []


class RemedyOut(Schema):
    id: int
    text: str
    owner_id: int
    owner: str
    due_date: dt.date
    status: str
    done_on: dt.date | None
    overdue: bool

    @staticmethod
    def resolve_owner(obj) -> str:
        return obj.owner.name


def _detail(plan) -> dict[str, Any]:
    return {
        "id": plan.pk,
        "year": plan.year,
        "title": plan.title,
        "number": plan.number,
        "agency_id": plan.agency_id,
        "target_share": plan.target_share,
        "coverage": selectors.coverage(plan).as_dict(),
        "inspections": list(plan.inspections.select_related("agency")),
    }


@router.get("/plans", response=list[PlanOut])
def list_plans(request):
    return list(selectors.plans_for(request.user))


@router.get("/plans/{plan_id}", response=PlanDetailOut)
def get_plan(request, plan_id: int):
    return _detail(selectors.get_plan_for(request.user, plan_id))


@router.post("/plans", response={201: PlanDetailOut})
def create_plan(request, payload: PlanIn):
    from cchc.accounts import scope

    scope.require(request.user.agency_id is not None)
    plan = services.plan_create(
        actor=request.user,
        agency=request.user.agency.province,
        year=payload.year,
        title=payload.title,
        number=payload.number,
        target_share=payload.target_share,
    )
    return Status(201, _detail(plan))


@router.post("/plans/{plan_id}/inspections", response={201: InspectionOut})
def schedule(request, plan_id: int, payload: ScheduleIn):
    plan = selectors.get_plan_for(request.user, plan_id)
    inspection = services.inspection_schedule(
        actor=request.user,
        plan=plan,
        agency=get_object_or_404(Agency, pk=payload.agency_id),
        date_from=payload.date_from,
        date_to=payload.date_to,
        kind=payload.kind,
        lead=get_object_or_404(User, pk=payload.lead_id) if payload.lead_id else None,
        members=list(User.objects.filter(pk__in=payload.member_ids)),
        checklists=list(Checklist.objects.filter(pk__in=payload.checklist_ids)),
    )
    return Status(201, inspection)


@router.get("/remedies", response=list[RemedyOut])
def list_remedies(request, overdue: bool = False):
    return list(selectors.remedies_for(request.user, overdue=overdue)[:2000])
