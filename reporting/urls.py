from django.urls import path, register_converter

from workwell.dates import Quarter

from .views import (
    counterfactual,
    dashboard,
    funding,
    home,
    logic,
    reports,
    returns,
    returns_admin,
    snapshots,
    strands,
)

app_name = "reporting"


class QuarterConverter:
    """A financial quarter in an address: 2025-q1 is 2025/26 Q1 (April to June 2025)."""

    regex = r"20\d{2}-q[1-4]"

    def to_python(self, value: str) -> Quarter:
        year, number = value.split("-q")
        return Quarter(int(year), int(number))

    def to_url(self, value: Quarter) -> str:
        return f"{value.year}-q{value.number}"


register_converter(QuarterConverter, "quarter")

RETURN = "reporting/returns/<slug:slug>/<quarter:quarter>/"
LOGIC = "reporting/vanguards/<slug:slug>/logic-model/"
LOGIC_VERSION = f"{LOGIC}versions/<int:number>/"

urlpatterns = [
    path("", home.home, name="home"),
    path("reporting/dashboard/", dashboard.national, name="dashboard"),
    path("reporting/vanguards/<slug:slug>/", dashboard.vanguard, name="vanguard_dashboard"),
    path(LOGIC, logic.logic_model, name="logic_model"),
    path(f"{LOGIC}start/", logic.logic_start, name="logic_start"),
    path(f"{LOGIC}versions/", logic.logic_versions, name="logic_versions"),
    path(LOGIC_VERSION, logic.logic_version, name="logic_version"),
    path(f"{LOGIC_VERSION}comments/", logic.logic_comment, name="logic_comment"),
    path(f"{LOGIC_VERSION}agree/", logic.logic_agree, name="logic_agree"),
    path(f"{LOGIC_VERSION}history/", logic.logic_history, name="logic_history"),
    path(f"{LOGIC_VERSION}items/new/<str:column>/", logic.logic_item_add, name="logic_item_add"),
    path(f"{LOGIC_VERSION}items/<int:pk>/", logic.logic_item_change, name="logic_item_change"),
    path(
        f"{LOGIC_VERSION}items/<int:pk>/remove/", logic.logic_item_remove, name="logic_item_remove"
    ),
    path("reporting/funding/", funding.funding_list, name="funding"),
    path("reporting/funding/rule/", funding.funding_rule, name="funding_rule"),
    path("reporting/funding/<slug:slug>/", funding.funding_vanguard, name="funding_vanguard"),
    path(
        "reporting/counterfactual/",
        counterfactual.counterfactual_admin,
        name="counterfactual_admin",
    ),
    path(
        "reporting/counterfactual/indicators/new/",
        counterfactual.indicator_new,
        name="counterfactual_indicator_new",
    ),
    path(
        "reporting/counterfactual/areas/new/",
        counterfactual.area_form,
        name="counterfactual_area_new",
    ),
    path(
        "reporting/counterfactual/areas/<int:pk>/",
        counterfactual.area_form,
        name="counterfactual_area",
    ),
    path(
        "reporting/counterfactual/upload/",
        counterfactual.values_upload,
        name="counterfactual_upload",
    ),
    path(
        "reporting/counterfactual/upload/confirm/",
        counterfactual.values_confirm,
        name="counterfactual_confirm",
    ),
    path(
        "reporting/counterfactual/template/",
        counterfactual.values_template,
        name="counterfactual_template",
    ),
    path(
        "reporting/counterfactual/<slug:slug>/",
        counterfactual.vanguard_comparison,
        name="counterfactual_vanguard",
    ),
    path("reporting/returns/", returns.return_list, name="returns"),
    path(RETURN, returns.return_detail, name="return"),
    path(f"{RETURN}start/", returns.return_start, name="return_start"),
    path(f"{RETURN}strands/<int:strand>/", returns.return_strand, name="return_strand"),
    path(f"{RETURN}strands/<int:strand>/correct/", returns.return_correct, name="return_correct"),
    path(f"{RETURN}narrative/", returns.return_narrative, name="return_narrative"),
    path(f"{RETURN}check/", returns.return_check, name="return_check"),
    path(f"{RETURN}sign-off/", returns.return_sign_off, name="return_sign_off"),
    path(f"{RETURN}accept/", returns.return_accept, name="return_accept"),
    path(f"{RETURN}query/", returns.return_query, name="return_query"),
    path(f"{RETURN}history/", returns.return_history, name="return_history"),
    path(
        "reporting/vanguards/<slug:slug>/strands/new/", strands.strand_create, name="strand_create"
    ),
    path(
        "reporting/vanguards/<slug:slug>/strands/<int:pk>/edit/",
        strands.strand_edit,
        name="strand_edit",
    ),
    # Returns' operations (admins): due dates and the bulk upload.
    path("reporting/returns/due-dates/", returns_admin.due_dates, name="return_due_dates"),
    path(
        "reporting/returns/due-dates/<int:year>/<int:number>/",
        returns_admin.due_date,
        name="return_due_date",
    ),
    path("reporting/returns/upload/", returns_admin.upload, name="returns_upload"),
    path(
        "reporting/returns/upload/template.<str:extension>",
        returns_admin.upload_template,
        name="returns_upload_template",
    ),
    path(
        "reporting/returns/upload/<str:token>/",
        returns_admin.upload_preview,
        name="returns_upload_preview",
    ),
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
