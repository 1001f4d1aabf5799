from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from .api import api

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("", include("cchc.core.urls")),
    path("", include("cchc.accounts.urls")),
    path("agencies/", include("cchc.organizations.urls")),
    path("calendars/", include("cchc.calendars.urls")),
    path("procedures/", include("cchc.procedures.urls")),
    path("dossiers/", include("cchc.dossiers.urls")),
    path("dossiers/", include("cchc.dossiers.documents.urls")),
    path("plans/", include("cchc.plans.urls")),
    path("reports/", include("cchc.periodic.urls")),
    path("dashboard/", include("cchc.statistics.urls")),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
