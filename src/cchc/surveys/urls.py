from django.urls import path

from . import views

app_name = "surveys"
urlpatterns = [
    path("", views.index, name="index"),
    path("ket-qua/", views.public_index, name="public_index"),
    path("ket-qua/<str:code>/", views.public_results, name="public"),
    path("s/<str:token>/", views.answer, name="answer"),
    path("<str:code>/", views.detail, name="detail"),
    path("<str:code>/draw/", views.draw, name="draw"),
    path("<str:code>/status/", views.set_status, name="status"),
    path("<str:code>/nhap/", views.entry, name="entry"),
    path("<str:code>/export.<str:fmt>", views.export, name="export"),
]
