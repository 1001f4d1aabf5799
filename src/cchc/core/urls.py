from django.urls import path

from . import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("history/<str:app_label>/<str:model>/<str:object_id>/", views.history, name="history"),
    path("healthz", views.healthz, name="healthz"),
    path("i18n/language", views.language, name="language"),
    path("readyz", views.readyz, name="readyz"),
    path("imports/<uuid:pk>/", views.import_job, name="import_job"),
    path("imports/<uuid:pk>/status/", views.import_status, name="import_status"),
    path("imports/<uuid:pk>/confirm/", views.import_confirm, name="import_confirm"),
    path("imports/<uuid:pk>/cancel/", views.import_cancel, name="import_cancel"),
    path("imports/<uuid:pk>/file/", views.import_file, name="import_file"),
]
