"""Back-office data of the staff app: topics and questions fixes, courses; the registry and
tests themselves are kept through the pages (their services record history)."""

from django.contrib import admin

from .models import Course, Question, QuestionTopic, TrainingSession


class QuestionInline(admin.TabularInline):
    model = Question
    extra = 0
    fields = ("text", "options", "answer", "active")


@admin.register(QuestionTopic)
class QuestionTopicAdmin(admin.ModelAdmin):
    search_fields = ("name",)
    inlines = [QuestionInline]


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ("text", "topic", "answer", "active")
    list_filter = ("topic", "active")
    search_fields = ("text",)


class SessionInline(admin.TabularInline):
    model = TrainingSession
    extra = 0


@admin.register(Course)
class CourseAdmin(admin.ModelAdmin):
    list_display = ("title", "agency", "hours")
    inlines = [SessionInline]
