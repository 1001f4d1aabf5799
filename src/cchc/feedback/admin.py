from django.contrib import admin

from .models import Attachment, Feedback, FeedbackEvent, FeedbackLimit


@admin.register(FeedbackLimit)
class FeedbackLimitAdmin(admin.ModelAdmin):
    list_display = ["step", "working_days", "source"]


class EventInline(admin.TabularInline):
    model = FeedbackEvent
    extra = 0
    readonly_fields = ["at", "actor", "action", "from_status", "to_status", "note", "on_time"]
    can_delete = False


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    """Read-only: cases change only through the services (each step audited)."""

    list_display = ["code", "kind", "channel", "title", "agency", "status", "answer_due"]
    list_filter = ["status", "kind", "channel"]
    search_fields = ["code", "title"]
    inlines = [EventInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Attachment)
class AttachmentAdmin(admin.ModelAdmin):
    list_display = ["original_name", "feedback", "content_type", "size"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
