"""Back-office editing of report kinds and their section templates: data the province changes
(period type, reporting agencies, due day, sections), kept out of code."""

from django.contrib import admin

from .models import ReportKind, ReportPeriod, ReportSectionTemplate


class SectionInline(admin.TabularInline):
    model = ReportSectionTemplate
    extra = 0


@admin.register(ReportKind)
class ReportKindAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "period_type", "province")
    search_fields = ("code", "name")
    filter_horizontal = ("agencies",)
    raw_id_fields = ("province",)
    inlines = [SectionInline]


@admin.register(ReportPeriod)
class ReportPeriodAdmin(admin.ModelAdmin):
    list_display = ("kind", "label", "start", "end", "due_date")
    list_filter = ("kind",)
