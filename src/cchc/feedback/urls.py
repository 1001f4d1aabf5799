from django.urls import path

from . import views

app_name = "feedback"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("new/", views.new, name="new"),
    path("gui/", views.submit, name="submit"),
    path("tra-cuu/", views.lookup, name="lookup"),
    path("dan-hoi-chinh-quyen-tra-loi/", views.public, name="public"),
    path("c/<str:code>/", views.detail, name="detail"),
    path("c/<str:code>/action/<str:action>/", views.action, name="action"),
    path("attachments/<int:pk>/", views.attachment, name="attachment"),
]
