from django.urls import path  # noqa: F401

# Included by maturity/urls.py under the "maturity" namespace.
urlpatterns: list = []
