from django.urls import path

from .views import funding, home

app_name = "reporting"

urlpatterns = [
    path("", home.home, name="home"),
    path("reporting/funding/", funding.funding_list, name="funding"),
    path("reporting/funding/rule/", funding.funding_rule, name="funding_rule"),
    path("reporting/funding/<slug:slug>/", funding.funding_vanguard, name="funding_vanguard"),
]
