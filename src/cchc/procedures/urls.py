from django.urls import path

from . import views

app_name = "procedures"
urlpatterns = [
    path("", views.index, name="index"),
    path("decisions/", views.decisions, name="decisions"),
    path("stats/", views.stats, name="stats"),
    path("import/", views.import_page, name="import"),
    path("<str:code>/", views.detail, name="detail"),
]
