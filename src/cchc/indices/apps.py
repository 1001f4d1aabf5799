from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicesConfig(AppConfig):
    name = "cchc.indices"
    verbose_name = _("Chỉ số CCHC và Chỉ số phục vụ")

    def ready(self) -> None:
        # The 766 rollup follows every dossier change; the province report gets its PAR band
        # table from here (the periodic layer offers the registry, we fill it).
        from . import receivers  # noqa: F401
        from .selectors import par_band_table
        from .upstream import province_report

        province_report.register_par_index_table(par_band_table)
        # A criteria appendix is read through core's import jobs (in the background when
        # large); Home Affairs checks and commits it on the preview page.
        from django.urls import reverse

        from cchc.core import imports

        from . import services

        imports.register(
            imports.Importer(
                kind=services.CRITERIA_IMPORT_KIND,
                label=_("bộ tiêu chí Chỉ số CCHC"),
                file_kinds=("xlsx", "docx"),
                read=services.criteria_import_job_read,
                template="indices/_import_job.html",
                next_url=lambda job: reverse(
                    "indices:import_preview", args=[job.preview["criteria_import"]]
                ),
                limits=services.IMPORT_LIMITS,
            )
        )
