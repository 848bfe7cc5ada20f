from django.urls import path

from .views import touchpoints as views

app_name = "touchpoints"

urlpatterns = [
    path("", views.touchpoint_list, name="list"),
    path("new/", views.touchpoint_create, name="create"),
    path("<int:pk>/", views.touchpoint_detail, name="detail"),
    path("<int:pk>/edit/", views.touchpoint_edit, name="edit"),
    path("<int:pk>/complete/", views.touchpoint_complete, name="complete"),
    path("<int:pk>/archive/", views.touchpoint_archive, name="archive"),
]
