from django.urls import path

from . import views

app_name = "indices"
urlpatterns = [
    path("", views.index, name="index"),
    path("import/", views.import_upload, name="import"),
    path("import/<int:pk>/", views.import_preview, name="import_preview"),
    path("sets/<int:pk>/", views.set_detail, name="set"),
    path("sets/<int:pk>/open/", views.cycle_open, name="cycle_open"),
    path("cycles/<int:pk>/", views.cycle_detail, name="cycle"),
    path("cycles/<int:pk>/publish/", views.cycle_publish, name="publish"),
    path("cycles/<int:pk>/bands/", views.cycle_bands, name="bands"),
    path("cycles/<int:pk>/decision.<str:fmt>", views.cycle_export, name="export"),
    path("results/<int:pk>/", views.public_results, name="public"),
    path("units/<int:pk>/", views.unit_detail, name="unit"),
    path("units/<int:pk>/history/", views.unit_history, name="history"),
    path("units/<int:pk>/<str:action>/", views.unit_action, name="unit_action"),
    path("scores/<int:pk>/self/", views.score_self, name="score_self"),
    path("scores/<int:pk>/appraise/", views.score_appraise, name="score_appraise"),
    path("scores/<int:pk>/evidence/", views.evidence, name="evidence"),
    path("service/", views.service_dashboard, name="service"),
    path("service/lost/<str:key>/", views.service_lost, name="service_lost"),
]
