"""Everything ``indices`` takes from the statistics and periodic-report layers, in one place:
the indicator registry (``cchc.statistics``) and the province report's PAR-band registry
(``cchc.periodic``)."""

from __future__ import annotations

from cchc.periodic import province_report as province_report  # offers the PAR-band registry
from cchc.statistics import indicators as indicators  # the indicator registry
from cchc.statistics.stats import NOT_RECEIVED_STATUSES as NOT_RECEIVED_STATUSES

__all__ = ["NOT_RECEIVED_STATUSES", "indicators", "province_report"]
