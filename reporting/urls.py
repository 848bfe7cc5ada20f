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
]
