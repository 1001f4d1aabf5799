from django.contrib import admin

from .models import Band, EvaluationIndicator, Kiosk, Rating


@admin.register(EvaluationIndicator)
class EvaluationIndicatorAdmin(admin.ModelAdmin):
    list_display = ["order", "code", "name", "active"]


@admin.register(Band)
class BandAdmin(admin.ModelAdmin):
    list_display = ["name", "min_score"]


@admin.register(Kiosk)
class KioskAdmin(admin.ModelAdmin):
    """Tokens are issued on the kiosks page (the raw token is shown once); here only names and
    the active flag change."""

    list_display = ["name", "desk", "active", "created_at"]
    readonly_fields = ["desk", "token_digest"]

    def has_add_permission(self, request):
        return False


@admin.register(Rating)
class RatingAdmin(admin.ModelAdmin):
    list_display = ["dossier", "agency", "level", "channel", "total_score", "rated_at"]
    list_filter = ["level", "channel"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
