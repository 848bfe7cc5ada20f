from django.urls import path  # noqa: F401  (each part of /feedback/ adds its routes here)

app_name = "feedback"

urlpatterns = []
