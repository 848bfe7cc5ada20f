from django.urls import path

from .views import home, returns_admin

app_name = "reporting"

urlpatterns = [
    path("", home.home, name="home"),
    # Returns' operations (admins): due dates and the bulk upload.
    path("reporting/returns/due-dates/", returns_admin.due_dates, name="return_due_dates"),
    path(
        "reporting/returns/due-dates/<int:year>/<int:number>/",
        returns_admin.due_date,
        name="return_due_date",
    ),
    path("reporting/returns/upload/", returns_admin.upload, name="returns_upload"),
    path(
        "reporting/returns/upload/template.<str:extension>",
        returns_admin.upload_template,
        name="returns_upload_template",
    ),
    path(
        "reporting/returns/upload/<str:token>/",
        returns_admin.upload_preview,
        name="returns_upload_preview",
    ),
]
