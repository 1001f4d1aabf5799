"""Back-office data: criteria sets (edit a [check] maximum, a rule, a group), cycles (bands,
council), the 766 rule table. Scores are changed only through the cycle's pages (audited)."""

from django.contrib import admin

from .models import CriteriaSet, Criterion, Cycle, CycleUnit, ServiceRules


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 0
    fields = (
        "order",
        "number",
        "title",
        "max_points",
        "method",
        "indicator",
        "rule",
        "groups",
        "needs_check",
    )
    ordering = ("order",)
    show_change_link = True


@admin.register(CriteriaSet)
class CriteriaSetAdmin(admin.ModelAdmin):
    list_display = ("title", "year", "province", "max_points")
    list_filter = ("year",)
    inlines = [CriterionInline]


@admin.register(Criterion)
class CriterionAdmin(admin.ModelAdmin):
    list_display = ("number", "title", "criteria_set", "max_points", "method", "needs_check")
    list_filter = ("criteria_set", "method", "needs_check")
    search_fields = ("title", "number")


class CycleUnitInline(admin.TabularInline):
    model = CycleUnit
    extra = 0
    fields = ("agency", "group", "ranked", "status", "index", "rank", "band")
    readonly_fields = ("status", "index", "rank", "band")
    raw_id_fields = ("agency",)


@admin.register(Cycle)
class CycleAdmin(admin.ModelAdmin):
    list_display = ("year", "criteria_set", "status", "published_at")
    filter_horizontal = ("council",)
    readonly_fields = ("status", "published_at")
    inlines = [CycleUnitInline]


@admin.register(ServiceRules)
class ServiceRulesAdmin(admin.ModelAdmin):
    list_display = ("province",)
