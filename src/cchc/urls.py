from importlib import import_module

from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

from .api import api

urlpatterns: list[URLPattern | URLResolver] = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("", include("cchc.core.urls")),
    path("", include("cchc.accounts.urls")),
    path("staff/", include("cchc.staff.urls")),
    path("inspections/", include("cchc.inspections.urls")),
    path("feedback/", include("cchc.feedback.urls")),
    path("danh-gia/", include("cchc.evaluations.urls")),
    path("khao-sat/", include("cchc.surveys.urls")),
]

# Each app's pages live under its own prefix; an app without urls.py is skipped.
APP_URLS = [
    ("agencies/", "cchc.organizations.urls"),
    ("calendars/", "cchc.calendars.urls"),
    ("procedures/", "cchc.procedures.urls"),
    ("dossiers/", "cchc.dossiers.urls"),
    ("dossiers/", "cchc.dossiers.documents.urls"),
    ("plans/", "cchc.plans.urls"),
    ("reports/", "cchc.periodic.urls"),
    ("dashboard/", "cchc.statistics.urls"),
    ("national/", "cchc.national.urls"),
]
for prefix, module_name in APP_URLS:
    try:
        import_module(module_name)
    except ModuleNotFoundError as exc:
        if not module_name.startswith(exc.name or "\0"):
            raise
        continue
    urlpatterns.append(path(prefix, include(module_name)))
# No static() for MEDIA_URL, not even in the demo: every upload is served by a view that checks
# the right (core.files.serve_attachment), never by its path.

handler500 = "cchc.core.views.server_error"
# Explicit, not in APP_URLS: a missing indices app must fail loudly.
urlpatterns.append(path("indices/", include("cchc.indices.urls")))
