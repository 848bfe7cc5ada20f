from django.urls import path

from .views import registry as views

app_name = "vanguards"

urlpatterns = [
    path("", views.vanguard_list, name="list"),
    path("new/", views.vanguard_create, name="create"),
    path("invite/", views.invite, name="invite"),
    path("<slug:slug>/", views.vanguard_detail, name="detail"),
    path("<slug:slug>/edit/", views.vanguard_edit, name="edit"),
]
