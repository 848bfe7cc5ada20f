from django.urls import path

from .views import counterfactual, dashboard, funding, home

app_name = "reporting"

urlpatterns = [
    path("", home.home, name="home"),
    path("reporting/dashboard/", dashboard.national, name="dashboard"),
    path("reporting/vanguards/<slug:slug>/", dashboard.vanguard, name="vanguard_dashboard"),
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
]
