from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path
from django.views.generic import RedirectView

from .api import api

# Every app's pages under its own prefix, included explicitly: a missing module is an error.
urlpatterns: list[URLPattern | URLResolver] = [
    # First, with the public lookup first in it: the province's busiest address (every
    # receipt's QR code lands there) then resolves in a few tries instead of after every
    # pattern of the apps mounted at the root (a twentieth of a kept lookup's time).
    path("dossiers/", include("cchc.dossiers.urls")),
    # One door: the admin's own login would sign in on the password alone, unthrottled.
    path(
        "admin/login/",
        RedirectView.as_view(pattern_name="accounts:login", query_string=True),
        name="admin_login",
    ),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("", include("cchc.core.urls")),
    path("", include("cchc.accounts.urls")),
    path("staff/", include("cchc.staff.urls")),
    path("inspections/", include("cchc.inspections.urls")),
    path("feedback/", include("cchc.feedback.urls")),
    path("danh-gia/", include("cchc.evaluations.urls")),
    path("khao-sat/", include("cchc.surveys.urls")),
    path("agencies/", include("cchc.organizations.urls")),
    path("calendars/", include("cchc.calendars.urls")),
    path("procedures/", include("cchc.procedures.urls")),
    path("dossiers/", include("cchc.dossiers.documents.urls")),
    path("plans/", include("cchc.plans.urls")),
    path("reports/", include("cchc.periodic.urls")),
    path("dashboard/", include("cchc.statistics.urls")),
    path("national/", include("cchc.national.urls")),
    path("indices/", include("cchc.indices.urls")),
]
# No static() for MEDIA_URL, not even in the demo: every upload is served by a view that checks
# the right (core.files.serve_attachment), never by its path.

handler500 = "cchc.core.views.server_error"
