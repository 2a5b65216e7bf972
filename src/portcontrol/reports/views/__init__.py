"""Pages of the reports app: the dashboards, the monthly report, the map."""

from portcontrol.reports.views.dashboard import dashboard, national
from portcontrol.reports.views.map import map_data_view, map_page
from portcontrol.reports.views.monthly import monthly, monthly_pdf, monthly_xlsx

__all__ = [
    "dashboard",
    "map_data_view",
    "map_page",
    "monthly",
    "monthly_pdf",
    "monthly_xlsx",
    "national",
]
