"""Every KPI formula, once, with its Vietnamese label and formula text (the tooltip): one module per area."""

from dashboard.kpis.common import STATUS_LABELS, percent, status, time_progress
from dashboard.kpis.dossiers import (
    COUNT_LABELS,
    DOSSIER_KPIS,
    Kpi,
    combine_periods,
    dossier_kpis,
    missing_by_field,
    rate,
    sum_units,
)

__all__ = [
    "COUNT_LABELS",
    "DOSSIER_KPIS",
    "STATUS_LABELS",
    "Kpi",
    "combine_periods",
    "dossier_kpis",
    "missing_by_field",
    "percent",
    "rate",
    "status",
    "sum_units",
    "time_progress",
]
