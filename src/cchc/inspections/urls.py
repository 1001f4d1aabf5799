from django.urls import path

from . import views

app_name = "inspections"
urlpatterns = [
    path("", views.index, name="index"),
    path("plans/<int:pk>/", views.plan_detail, name="plan"),
    path("<int:pk>/", views.inspection_detail, name="inspection"),
    path("<int:pk>/checklist/", views.checklist, name="checklist"),
    path("<int:pk>/findings/", views.finding_add, name="finding_add"),
    path("findings/<int:pk>/remedies/", views.remedy_add, name="remedy_add"),
    path("findings/<int:pk>/recheck/", views.finding_recheck, name="recheck"),
    path("<int:pk>/conclude/", views.conclude, name="conclude"),
    path("<int:pk>/thong-bao-ket-luan.docx", views.conclusion_docx, name="conclusion_docx"),
    path("remedies/", views.remedies, name="remedies"),
    path("remedies/<int:pk>/follow-up/", views.follow_up, name="follow_up"),
    path("iso/", views.quality_systems, name="iso"),
]
