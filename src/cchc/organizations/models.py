"""Agencies form a tree of any depth with validity dates and a successor (DOMAIN 2).

The tree is stored twice: ``parent`` for editing, and a materialised ``path`` ("0001/0007/")
so that "this agency and everything under it" is one indexed prefix filter, the query every
scoped list, report and permission check runs.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class AgencyKind(models.TextChoices):
    PROVINCE = "province", _("UBND tỉnh/thành phố")
    PPC_OFFICE = "ppc_office", _("Văn phòng UBND tỉnh")
    DEPARTMENT = "department", _("Sở, ban, ngành")
    DEPARTMENT_UNIT = "department_unit", _("Đơn vị thuộc sở")
    CENTRAL = "central", _("Cơ quan Trung ương đóng trên địa bàn")
    PUBLIC_SERVICE = "public_service", _("Đơn vị sự nghiệp công lập")
    DISTRICT = "district", _("UBND cấp huyện (trước 2025)")
    COMMUNE = "commune", _("UBND cấp xã")
    SERVICE_CENTRE = "service_centre", _("Trung tâm Phục vụ hành chính công")
    ONE_STOP_DESK = "one_stop_desk", _("Bộ phận Một cửa")
    OTHER = "other", _("Khác")


class AgencyGroup(models.TextChoices):
    """The four groups seed 003 ranks units in."""

    DEPARTMENTS = "departments", _("Sở, ban, ngành tỉnh")
    DISTRICTS = "districts", _("UBND cấp huyện")
    COMMUNES = "communes", _("UBND cấp xã")
    PUBLIC_SERVICE = "public_service", _("Đơn vị sự nghiệp")
    CENTRAL = "central", _("Cơ quan Trung ương trên địa bàn")
    NONE = "", _("Không xếp nhóm")


KIND_GROUP = {
    AgencyKind.DEPARTMENT: AgencyGroup.DEPARTMENTS,
    AgencyKind.PPC_OFFICE: AgencyGroup.DEPARTMENTS,
    AgencyKind.DISTRICT: AgencyGroup.DISTRICTS,
    AgencyKind.COMMUNE: AgencyGroup.COMMUNES,
    AgencyKind.PUBLIC_SERVICE: AgencyGroup.PUBLIC_SERVICE,
    AgencyKind.CENTRAL: AgencyGroup.CENTRAL,
}


class AgencyQuerySet(models.QuerySet["Agency"]):
    def active(self, on=None):
        """Agencies in force on a date (today when None)."""
        from django.utils import timezone

        day = on or timezone.localdate()
        return self.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=day)).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=day)
        )

    def subtree_of(self, agency: Agency):
        return self.filter(path__startswith=agency.path)

    def search(self, query: str):
        from cchc.core.text import fold

        terms = fold(query).split()
        qs = self
        for term in terms:
            qs = qs.filter(search_text__contains=term)
        return qs


class Agency(models.Model):
    code = models.CharField(
        _("mã"), max_length=64, unique=True, help_text=_("Mã nội bộ, duy nhất (ví dụ: SNV).")
    )
    kind = models.CharField(_("loại"), max_length=32, choices=AgencyKind.choices)
    name = models.CharField(_("tên"), max_length=255)
    short_name = models.CharField(_("tên viết tắt"), max_length=100, blank=True)
    electronic_id = models.CharField(
        _("mã định danh điện tử"),
        max_length=32,
        blank=True,
        help_text=_("Dạng MX1X2.Y1Y2Y3.Z1Z2, dùng trong mã hồ sơ."),
    )
    admin_code = models.CharField(
        _("mã đơn vị hành chính"), max_length=16, blank=True, db_index=True
    )
    group = models.CharField(
        _("nhóm xếp hạng"), max_length=32, choices=AgencyGroup.choices, blank=True
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("cơ quan cấp trên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(max_length=255, db_index=True, editable=False, default="")
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    successor = models.ForeignKey(
        "self",
        verbose_name=_("đơn vị kế thừa"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="predecessors",
    )
    address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=32, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    sort_order = models.PositiveIntegerField(_("thứ tự"), default=0)
    search_text = models.CharField(max_length=600, editable=False, default="", db_index=True)

    objects = AgencyQuerySet.as_manager()

    # Display-only, never stored: the tree selector marks search hits, the tree page indents.
    is_match: bool = False
    indent: int = 0

    class Meta:
        verbose_name = _("cơ quan, đơn vị")
        verbose_name_plural = _("cơ quan, đơn vị")
        ordering = ["path"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="agency_valid_range",
            ),
            models.CheckConstraint(
                condition=~Q(successor=models.F("id")), name="agency_not_own_successor"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("organizations:detail", args=[self.pk])

    @property
    def is_archived(self) -> bool:
        from django.utils import timezone

        return self.valid_to is not None and self.valid_to < timezone.localdate()

    @property
    def display_short(self) -> str:
        return self.short_name or self.name

    def ancestors(self):
        """Agencies above this one, root first."""
        ids = [int(p) for p in self.path.strip("/").split("/") if p][:-1]
        by_id = {a.pk: a for a in Agency.objects.filter(pk__in=ids)}
        return [by_id[i] for i in ids if i in by_id]

    def subtree(self):
        return Agency.objects.filter(path__startswith=self.path)

    def is_within(self, other: Agency) -> bool:
        return self.path.startswith(other.path)

    @property
    def province(self) -> Agency:
        first = int(self.path.strip("/").split("/")[0])
        return self if self.pk == first else Agency.objects.get(pk=first)
