from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "cchc.plans"
    verbose_name = _("Kế hoạch CCHC")

    def ready(self) -> None:
        from cchc.core import widgets as home
        from cchc.statistics import dashboard

        from . import dashboard as plans_dashboard
        from . import signals, stats
        from .widgets import home_widgets

        signals.connect()
        home.register("plans", home_widgets)
        # The plan_* indicators of the statistics registry (plan targets, periodic reports).
        stats.register_indicators()
        dashboard.register(plans_dashboard.SECTION)
        dashboard.register(plans_dashboard.TARGETS_SECTION)
        # A plan appendix is read through core's import jobs (in the background when large);
        # the person then resolves agency names and commits on the plan import page.
        from django.urls import reverse

        from cchc.core import imports

        from . import services

        imports.register(
            imports.Importer(
                kind=services.PLAN_IMPORT_KIND,
                label=_("phụ lục kế hoạch CCHC"),
                file_kinds=("docx", "xlsx"),
                read=services.plan_import_job_read,
                template="plans/_import_job.html",
                next_url=lambda job: reverse(
                    "plans:import_preview", args=[job.preview["plan_import"]]
                ),
            )
        )
