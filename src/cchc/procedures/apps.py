from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProceduresConfig(AppConfig):
    name = "cchc.procedures"
    verbose_name = _("Thủ tục hành chính")

    def ready(self) -> None:
        # The catalogue import runs through core's import jobs (in the background when large).
        from cchc.core import imports

        from . import importer

        imports.register(
            imports.Importer(
                kind=importer.JOB_KIND,
                label=_("danh mục thủ tục hành chính"),
                file_kinds=("xlsx",),
                read=importer.job_read,
                confirm=importer.job_confirm,
                template="procedures/_import_job.html",
            )
        )
