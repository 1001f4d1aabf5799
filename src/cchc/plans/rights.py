"""Who may do what with plans, tasks and progress reports: every rule of the plans app is here,
built on ``cchc.accounts.scope`` (what a user sees). Services call the ``require_*`` helpers;
pages call the ``can_*`` predicates to show only the actions a user may take."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cchc.accounts import scope

if TYPE_CHECKING:
    from cchc.accounts.models import User
    from cchc.organizations.models import Agency

    from .models import Plan, Target, Task


def can_manage_plan(user: User | None, agency: Agency) -> bool:
    """Create, import, issue and close an agency's plan: Home Affairs for any plan in the
    province, an agency's focal point for its own. ``None`` is the system itself (operator
    commands run by whoever holds the server), trusted like the database it writes."""
    if user is None:
        return True
    if scope.is_read_only(user):
        return False
    return scope.can_administer(user, agency) or scope.can_edit_reform(user, agency)


def can_manage_any(user: User) -> bool:
    return not scope.is_read_only(user) and scope.can_administer(user)


def can_edit_task(user: User, task: Task) -> bool:
    """Set dates and record events of a task: its plan's managers and its lead agencies."""
    if can_manage_plan(user, task.plan.agency):
        return True
    return any(scope.can_edit_reform(user, a) for a in task.leads.all())


def can_report_for(user: User, agency: Agency) -> bool:
    """Report progress in the name of an agency (its focal point, or Home Affairs)."""
    return not scope.is_read_only(user) and scope.can_edit_reform(user, agency)


def report_agencies(user: User, task: Task) -> list[Agency]:
    """The task's lead and coordinating agencies the user may report for."""
    if scope.is_read_only(user):
        return []
    leads = [link.agency for link in task.lead_links.all()]
    agencies = leads + [a for a in task.coordinators.all() if a not in leads]
    if user.is_province_wide:
        return agencies
    return [a for a in agencies if scope.can_edit_reform(user, a)]


def can_enter_actual(user: User, target: Target) -> bool:
    """Enter a target's actual by hand: as for task progress, the focal point of an agency
    responsible for the target, Home Affairs, the administrators and the plan's managers.
    Leaders only read."""
    if scope.is_read_only(user):
        return False
    if can_manage_plan(user, target.plan.agency):
        return True
    return any(scope.can_edit_reform(user, a) for a in target.responsible.all())


def can_read_part(user: User, plan: Plan, agency: Agency) -> bool:
    """Read (export) one agency's part of a plan: that agency's readers or the plan's."""
    from .selectors import sees_whole_plan

    return scope.can_see_agency(user, agency) or sees_whole_plan(user, plan)


def can_review(user: User, plan: Plan) -> bool:
    """Accepting or returning progress is Home Affairs' job (DOMAIN 3)."""
    return not scope.is_read_only(user) and scope.can_administer(user, plan.agency)


def can_open_review_queue(user: User) -> bool:
    return user.is_province_wide and not scope.is_read_only(user)


def can_comment(user: User, task: Task) -> bool:
    from .selectors import task_visible

    return not scope.is_read_only(user) and task_visible(user, task)


def require_manage(user: User | None, agency: Agency) -> None:
    scope.require(can_manage_plan(user, agency), "Bạn không có quyền quản lý kế hoạch này.")
