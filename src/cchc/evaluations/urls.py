from django.urls import path

from . import views

app_name = "evaluations"
urlpatterns = [
    path("", views.index, name="index"),
    path("mine/", views.mine, name="mine"),
    path("kiosks/", views.kiosks, name="kiosks"),
    path("kiosks/<int:pk>/revoke/", views.kiosk_revoke, name="kiosk_revoke"),
    path("r/<str:token>/", views.rate_online, name="rate"),
    path("kiosk/<str:token>/", views.kiosk, name="kiosk"),
    path("kiosk/<str:token>/<str:code>/", views.kiosk_rate, name="kiosk_rate"),
]
