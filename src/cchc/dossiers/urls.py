from django.urls import path

from . import views

app_name = "dossiers"
urlpatterns = [
    path("tra-cuu/", views.lookup, name="lookup_vi"),
    path("lookup/", views.lookup, name="lookup"),
    path("", views.index, name="index"),
    path("receive/", views.receive, name="receive"),
    path("receive/waiting/", views.desk_waiting, name="desk_waiting"),
    path("procedures/search/", views.procedure_search, name="procedure_search"),
    path("procedures/<int:pk>/checklist/", views.procedure_checklist, name="procedure_checklist"),
    path("bulk-transfer/", views.bulk_transfer, name="bulk_transfer"),
    path("sms/", views.sms_outbox, name="sms_outbox"),
    path("d/<str:code>/", views.detail, name="detail"),
    path("d/<str:code>/action/<str:action>/", views.action, name="action"),
]
