from django.urls import path

from . import views

app_name = "calendars"
urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:code>/", views.detail, name="detail"),
    path("<slug:code>/<int:year>/", views.year, name="year"),
    path("<slug:code>/<int:year>/overrides/", views.override_add, name="override_add"),
    path(
        "<slug:code>/<int:year>/overrides/<str:day>/delete/",
        views.override_remove,
        name="override_remove",
    ),
]
