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
