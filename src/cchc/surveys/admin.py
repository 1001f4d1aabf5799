"""Survey designs are back-office data: a province adds its own survey (seed 004's "dịch vụ
hành chính công") with elements and questions here."""

from django.contrib import admin

from .models import Element, Question, Sample, Survey


class ElementInline(admin.TabularInline):
    model = Element
    extra = 0


class QuestionInline(admin.TabularInline):
    model = Question
    extra = 0


@admin.register(Survey)
class SurveyAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "year", "status", "published"]
    list_filter = ["kind", "year", "status"]
    inlines = [ElementInline]


@admin.register(Element)
class ElementAdmin(admin.ModelAdmin):
    list_display = ["survey", "order", "code", "name"]
    list_filter = ["survey"]
    inlines = [QuestionInline]


@admin.register(Sample)
class SampleAdmin(admin.ModelAdmin):
    """Draws are made on the survey page (seeded, audited); here they are only read."""

    list_display = ["survey", "population", "size", "seed", "drawn_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
