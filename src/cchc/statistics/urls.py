from django.urls import path

from . import views

app_name = "dashboard"
urlpatterns = [
    path("", views.index, name="index"),
    path("export/<slug:chart>.<str:fmt>", views.export, name="export"),
]
