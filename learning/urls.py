from django.urls import path  # noqa: F401  (each part of /learning/ adds its routes here)

from .views import events, home

app_name = "learning"

urlpatterns = [
    # The learning team's and the network's home, and the network's pages.
    path("", home.learning_home, name="home"),
    path("network/<slug:slug>/", home.network_page, name="network_page"),
    path("network/<slug:slug>/edit/", home.network_page_edit, name="network_page_edit"),
    # Network events.
    path("events/", events.event_list, name="events"),
    path("events/new/", events.event_create, name="event_create"),
    path("events/calendar/", events.calendar_feed_page, name="calendar_feed_page"),
    path("events/calendar/<str:token>.ics", events.calendar_feed, name="calendar_feed"),
    path("events/<int:pk>/", events.event_detail, name="event_detail"),
    path("events/<int:pk>/edit/", events.event_edit, name="event_edit"),
    path("events/<int:pk>/register/", events.event_register, name="event_register"),
    path("events/<int:pk>/cancel/", events.event_cancel, name="event_cancel"),
    path("events/<int:pk>/event.ics", events.event_ics, name="event_ics"),
    path("events/<int:pk>/materials/", events.event_materials, name="event_materials"),
    path(
        "events/<int:pk>/materials/<int:material_pk>/",
        events.event_material_file,
        name="event_material_file",
    ),
    path(
        "events/<int:pk>/materials/<int:material_pk>/remove/",
        events.event_material_remove,
        name="event_material_remove",
    ),
    path("events/<int:pk>/attendance/", events.event_attendance, name="event_attendance"),
    path("events/<int:pk>/feedback/", events.event_feedback, name="event_feedback"),
]
