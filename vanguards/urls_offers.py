from django.urls import path

from .views import offers as views

app_name = "offers"

# Mounted at /learning/offers/ (the menu is the learning team's to keep, and users bookmark it).
urlpatterns = [
    path("", views.offer_list, name="list"),
    path("new/", views.offer_create, name="create"),
    path("<int:pk>/", views.offer_detail, name="detail"),
    path("<int:pk>/edit/", views.offer_edit, name="edit"),
]
