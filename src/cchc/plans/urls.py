from django.urls import path

from . import views

app_name = "plans"
urlpatterns = [
    path("", views.index, name="index"),
    path("mine/", views.my_tasks, name="mine"),
    path("import/", views.import_upload, name="import"),
    path("import/<int:pk>/", views.import_preview, name="import_preview"),
    path("reviews/", views.review_queue, name="reviews"),
    path("reviews/<int:pk>/<str:action>/", views.review_action, name="review_action"),
    path("<int:pk>/", views.plan_detail, name="plan"),
    path("<int:pk>/tasks/", views.plan_tasks, name="tasks"),
    path("<int:pk>/targets/", views.plan_targets, name="targets"),
    path("<int:pk>/year-end/", views.plan_year_end, name="year_end"),
    path("<int:pk>/export.<str:fmt>", views.plan_export, name="export"),
    path("<int:pk>/<str:action>/", views.plan_transition, name="transition"),
    path("tasks/<int:pk>/", views.task_detail, name="task"),
    path("tasks/<int:pk>/report/", views.task_report, name="report"),
    path("tasks/<int:pk>/comment/", views.task_comment, name="comment"),
    path("tasks/<int:pk>/assign/", views.task_assign, name="assign"),
    path("milestones/<int:pk>/event/", views.milestone_event, name="milestone_event"),
    path("milestones/<int:pk>/due/", views.milestone_due, name="milestone_due"),
    path("targets/<int:pk>/actual/", views.target_actual, name="target_actual"),
    path("targets/<int:pk>/history/", views.target_history, name="target_history"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence"),
]
