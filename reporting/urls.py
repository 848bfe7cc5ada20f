from django.urls import path

from .views import dashboard, home

app_name = "reporting"

urlpatterns = [
    path("", home.home, name="home"),
    path("reporting/dashboard/", dashboard.national, name="dashboard"),
    path("reporting/vanguards/<slug:slug>/", dashboard.vanguard, name="vanguard_dashboard"),
]
