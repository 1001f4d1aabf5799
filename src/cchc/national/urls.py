from django.urls import path

from . import views

app_name = "national"

urlpatterns = [
    path("", views.index, name="index"),
    path("export.<str:fmt>", views.export, name="export"),
    path("<str:code>/", views.province, name="province"),
]
