from django.urls import path

from .views import support as views

app_name = "support"

urlpatterns = [
    path("", views.support_list, name="list"),
    path("new/", views.support_create, name="create"),
    path("<int:pk>/", views.support_detail, name="detail"),
    path("<int:pk>/triage/", views.support_triage, name="triage"),
    path("<int:pk>/start/", views.support_start, name="start"),
    path("<int:pk>/assign/", views.support_assign, name="assign"),
    path("<int:pk>/deliver/", views.support_deliver, name="deliver"),
    path("<int:pk>/close/", views.support_close, name="close"),
    path("<int:pk>/rate/", views.support_rate, name="rate"),
]
