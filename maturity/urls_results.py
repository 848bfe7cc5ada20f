from django.urls import path

from .views import results as views

# Included by maturity/urls.py under the "maturity" namespace.
urlpatterns: list = [
    path("", views.results, name="results"),
    path("vanguards/<slug:slug>/", views.vanguard_results, name="vanguard_results"),
]
