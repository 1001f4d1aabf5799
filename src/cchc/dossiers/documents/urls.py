from django.urls import path

from . import views

# Mounted at dossiers/ after cchc.dossiers.urls: the book lives two segments deep so that it can
# never be taken for a dossier code by a ``<code>/`` page there.
app_name = "dossiers_documents"
urlpatterns = [
    path("documents/tracking-book/", views.tracking_book, name="tracking_book"),
    path("documents/tracking-book/", views.tracking_book, name="index"),
    path("<str:code>/receipt/", views.receipt, name="receipt"),
    path("<str:code>/forms/<str:form_no>/", views.form, name="form"),
    path("<str:code>/control-sheet/", views.control_sheet, name="control_sheet"),
]
