from django.contrib import admin

from .models import AuditEvent, SmsMessage


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ("at", "actor_name", "action", "object_repr")
    list_filter = ("action", "content_type")
    search_fields = ("object_repr", "actor_name")
    readonly_fields = [f.name for f in AuditEvent._meta.fields]


@admin.register(SmsMessage)
class SmsMessageAdmin(admin.ModelAdmin):
    list_display = ("created_at", "phone", "body", "status")
