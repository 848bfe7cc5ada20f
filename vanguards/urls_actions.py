from django.urls import path

from .views import actions as views

app_name = "actions"

urlpatterns = [
    path("", views.action_list, name="list"),
    path("new/", views.action_create_view, name="create"),
    path("<int:pk>/", views.action_detail, name="detail"),
    path("<int:pk>/done/", views.action_done, name="done"),
    path("<int:pk>/cancel/", views.action_cancel_view, name="cancel"),
]
