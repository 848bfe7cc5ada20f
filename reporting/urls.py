from django.urls import path

from .views import home, reports, snapshots

app_name = "reporting"

urlpatterns = [
    path("", home.home, name="home"),
    path("reporting/snapshots/", snapshots.snapshots, name="snapshots"),
    path("reporting/snapshots/builds/<int:pk>/", snapshots.snapshot_build, name="snapshot_build"),
    path(
        "reporting/snapshots/<str:quarter>/<int:revision>/",
        snapshots.snapshot,
        name="snapshot",
    ),
    path("reporting/reports/", reports.reports, name="reports"),
    path("reporting/reports/<int:pk>/", reports.report, name="report"),
    path("reporting/reports/<int:pk>/retry/", reports.report_retry, name="report_retry"),
    path("reporting/reports/<int:pk>/download/", reports.report_download, name="report_download"),
    path(
        "reporting/reports/<int:pk>/tables.xlsx",
        reports.report_spreadsheet,
        name="report_spreadsheet",
    ),
]
