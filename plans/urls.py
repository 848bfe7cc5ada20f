from django.urls import path

from . import views

app_name = "plans"

# Each page twice: for a vanguard's delivery plan and for the programme plan.
_PAGES = [
    ("", views.plan_detail, "plan"),
    ("activities/new/", views.activity_add, "activity_add"),
    ("activities/<int:pk>/", views.activity_edit, "activity_edit"),
    ("activities/<int:pk>/status/", views.activity_status, "activity_status"),
    ("activities/<int:pk>/remove/", views.activity_remove, "activity_remove"),
    ("themes/new/", views.theme_add, "theme_add"),
    ("themes/<int:pk>/", views.theme_edit, "theme_edit"),
    ("themes/<int:pk>/remove/", views.theme_remove, "theme_remove"),
    ("comments/", views.comment_add, "comment"),
    ("history/", views.plan_history, "history"),
    ("export.xlsx", views.plan_export, "export"),
    ("upload/", views.plan_upload, "upload"),
    ("upload/<str:token>/", views.plan_upload_preview, "upload_preview"),
]

urlpatterns = [
    path(f"vanguards/<slug:slug>/{route}", view, name=f"vanguard_{name}")
    for route, view, name in _PAGES
] + [path(f"programme/{route}", view, name=f"programme_{name}") for route, view, name in _PAGES]
