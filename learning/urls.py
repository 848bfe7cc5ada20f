from django.urls import path

from . import views

app_name = "learning"

urlpatterns = [
    path("offers/", views.offer_list, name="offers"),
    path("offers/new/", views.offer_create, name="offer_create"),
    path("offers/<int:pk>/", views.offer_detail, name="offer_detail"),
    path("offers/<int:pk>/edit/", views.offer_edit, name="offer_edit"),
]
