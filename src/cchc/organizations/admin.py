from django.contrib import admin

from .models import Agency


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "kind", "electronic_id", "valid_to")
    list_filter = ("kind",)
    search_fields = ("name", "code", "search_text")
    raw_id_fields = ("parent", "successor")
    readonly_fields = ("path", "depth")
