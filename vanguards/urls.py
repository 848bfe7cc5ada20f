from django.urls import path

from .views import organisations
from .views import registry as views

app_name = "vanguards"

urlpatterns = [
    path("", views.vanguard_list, name="list"),
    path("new/", views.vanguard_create, name="create"),
    path("invite/", views.invite, name="invite"),
    # Reference data, before <slug:slug>/ (their first parts are in forms.registry.RESERVED_SLUGS).
    path("organisations/", organisations.organisation_list, name="organisations"),
    path("organisations/new/", organisations.organisation_form, name="organisation_create"),
    path(
        "organisations/<int:pk>/edit/",
        organisations.organisation_form,
        name="organisation_edit",
    ),
    path("groups/", organisations.group_list, name="groups"),
    path("groups/new/", organisations.group_form, name="group_create"),
    path("groups/<slug:slug>/edit/", organisations.group_form, name="group_edit"),
    path("people/<int:user_id>/edit/", views.person_edit, name="person_edit"),
    path("<slug:slug>/", views.vanguard_detail, name="detail"),
    path("<slug:slug>/edit/", views.vanguard_edit, name="edit"),
]
