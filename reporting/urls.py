from django.urls import path

from .views import home

app_name = "reporting"

urlpatterns = [
    path("", home.home, name="home"),
]
