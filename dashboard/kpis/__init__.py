"""Every KPI formula, once, as one record type (`Kpi`: label, formula text for the tooltip, unit, value): one
module per area."""

from dashboard.kpis.common import STATUS_LABELS, Kpi, percent, status, time_progress
from dashboard.kpis.dossiers import (
    COUNT_KPIS,
    COUNT_LABELS,
    DOSSIER_KPIS,
    combine_periods,
    dossier_kpis,
    missing_by_field,
    rate,
    sum_units,
)

__all__ = [
    "COUNT_KPIS",
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
