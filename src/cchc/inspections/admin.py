"""Back-office data: the checklists per reform area and their items (policy a province edits)."""

from django.contrib import admin

from .models import Checklist, ChecklistItem, QualitySystem


class ItemInline(admin.TabularInline):
    model = ChecklistItem
    extra = 1


@admin.register(Checklist)
class ChecklistAdmin(admin.ModelAdmin):
    list_display = ("name", "area", "active")
    list_filter = ("area", "active")
    inlines = [ItemInline]


@admin.register(QualitySystem)
class QualitySystemAdmin(admin.ModelAdmin):
    list_display = ("agency", "standard", "announced_on", "status")
    list_filter = ("status",)
