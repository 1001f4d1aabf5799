from django.urls import path

from . import views_dashboard

app_name = "dashboard"
urlpatterns = [
    path("", views_dashboard.index, name="index"),
    path("export/<slug:chart>.<str:fmt>", views_dashboard.export, name="export"),
]
