from django.contrib import admin

from .models import AuditEvent, PersonalDataAccess, SmsMessage


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ("at", "actor_name", "action", "object_repr")
    list_filter = ("action", "content_type")
    search_fields = ("object_repr", "actor_name")
    readonly_fields = [f.name for f in AuditEvent._meta.fields]


@admin.register(SmsMessage)
class SmsMessageAdmin(admin.ModelAdmin):
    list_display = ("created_at", "phone", "body", "status")


@admin.register(PersonalDataAccess)
class PersonalDataAccessAdmin(admin.ModelAdmin):
    """Read-only: a record of processing is evidence, nobody edits it."""

    list_display = ("at", "username", "channel", "object_repr")
    list_filter = ("channel", "content_type")
    search_fields = ("object_repr", "username")
    readonly_fields = [f.name for f in PersonalDataAccess._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
