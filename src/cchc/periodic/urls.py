from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("", views.index, name="index"),
    path("completeness/", views.completeness, name="completeness"),
    path("periods/<int:pk>/", views.period_detail, name="period"),
    path("periods/<int:pk>/start/", views.period_start, name="period_start"),
    path("periods/<int:pk>/issue/", views.period_issue, name="period_issue"),
    path("periods/<int:pk>/province.docx", views.province_docx, name="province_docx"),
    path("periods/<int:pk>/province.xlsx", views.province_xlsx, name="province_xlsx"),
    path("r/<int:pk>/", views.report_detail, name="report"),
    path("r/<int:pk>/sections/<int:section_id>/", views.section_save, name="section_save"),
    path("r/<int:pk>/figures/<int:figure_id>/", views.figure_override, name="figure_override"),
    path("r/<int:pk>/refresh/", views.report_refresh, name="report_refresh"),
    path("r/<int:pk>/attachments/", views.attachment_add, name="attachment_add"),
    path(
        "r/<int:pk>/attachments/<int:attachment_id>/",
        views.attachment_download,
        name="attachment",
    ),
    path(
        "r/<int:pk>/attachments/<int:attachment_id>/delete/",
        views.attachment_remove,
        name="attachment_remove",
    ),
    path("r/<int:pk>/submit/", views.report_submit, name="report_submit"),
    path("r/<int:pk>/accept/", views.report_accept, name="report_accept"),
    path("r/<int:pk>/return/", views.report_return, name="report_return"),
]
