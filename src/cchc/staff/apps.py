from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StaffConfig(AppConfig):
    name = "cchc.staff"
    verbose_name = _("Cán bộ Một cửa")

    def ready(self) -> None:
        from cchc.core import widgets as home

        from . import conduct, indicators, reporting
        from .widgets import home_widgets

        indicators.register_all()
        reporting.register()
        conduct.register_builtin()
        home.register("staff", home_widgets)
        # A question bank is read through core's import jobs (in the background when large);
        # the person checks and commits it on the question import page.
        from django.urls import reverse

        from cchc.core import imports

        from . import questionbank, services

        imports.register(
            imports.Importer(
                kind=services.QUESTION_IMPORT_KIND,
                label=_("ngân hàng câu hỏi"),
                file_kinds=("xlsx", "docx"),
                read=services.question_import_job_read,
                template="staff/_import_job.html",
                next_url=lambda job: reverse(
                    "staff:question_import", args=[job.preview["question_import"]]
                ),
                limits=questionbank.LIMITS,
            )
        )
