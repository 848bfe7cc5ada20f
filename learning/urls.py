from django.urls import path  # noqa: F401  (each part of /learning/ adds its routes here)

app_name = "learning"

urlpatterns = []
