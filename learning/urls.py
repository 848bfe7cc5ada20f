from django.urls import path

from .views import (
    agenda,
    consultation,
    documents,
    events,
    exchange,
    home,
    lessons,
    panels,
    partners,
    toolkit,
)

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
    path("events/<int:pk>/agenda/", agenda.event_agenda, name="event_agenda"),
    path("events/<int:pk>/agenda/<int:item_pk>/", agenda.agenda_item_edit, name="agenda_item_edit"),
    path(
        "events/<int:pk>/agenda/<int:item_pk>/remove/",
        agenda.agenda_item_remove,
        name="agenda_item_remove",
    ),
    path(
        "events/<int:pk>/agenda/<int:item_pk>/move/",
        agenda.agenda_item_move,
        name="agenda_item_move",
    ),
    path("events/<int:pk>/what-we-heard/", agenda.event_what_we_heard, name="event_what_we_heard"),
    path(
        "events/<int:pk>/what-we-heard/publish/",
        agenda.what_we_heard_publish,
        name="what_we_heard_publish",
    ),
    # The WorkWell toolkit (a version is addressed by its number, e.g. /learning/toolkit/0.3/).
    path("toolkit/", toolkit.toolkit_current, name="toolkit"),
    path("toolkit/new/", toolkit.toolkit_draft_start, name="toolkit_draft_start"),
    path("toolkit/compare/", toolkit.toolkit_compare, name="toolkit_compare"),
    path("toolkit/<str:number>/", toolkit.toolkit_version, name="toolkit_version"),
    path("toolkit/<str:number>/edit/", toolkit.toolkit_version_edit, name="toolkit_version_edit"),
    path("toolkit/<str:number>/move/", toolkit.toolkit_version_move, name="toolkit_version_move"),
    path(
        "toolkit/<str:number>/items/new/", toolkit.toolkit_item_create, name="toolkit_item_create"
    ),
    path("toolkit/<str:number>/items/<int:pk>/", toolkit.toolkit_item, name="toolkit_item"),
    path(
        "toolkit/<str:number>/items/<int:pk>/file/",
        toolkit.toolkit_item_file,
        name="toolkit_item_file",
    ),
    path(
        "toolkit/<str:number>/items/<int:pk>/edit/",
        toolkit.toolkit_item_edit,
        name="toolkit_item_edit",
    ),
    path(
        "toolkit/<str:number>/items/<int:pk>/remove/",
        toolkit.toolkit_item_remove,
        name="toolkit_item_remove",
    ),
    # Lessons learnt, and the network partners matched with vanguards.
    path("lessons/", lessons.lesson_list, name="lessons"),
    path("lessons/new/", lessons.lesson_form, name="lesson_create"),
    path("lessons/<int:pk>/", lessons.lesson_detail, name="lesson"),
    path("lessons/<int:pk>/edit/", lessons.lesson_form, name="lesson_edit"),
    path("lessons/<int:pk>/review/", lessons.lesson_review, name="lesson_review"),
    path("lessons/<int:pk>/links/", lessons.lesson_links, name="lesson_links"),
    path("partners/", partners.partner_list, name="partners"),
]

# The toolkit PDF, and consultation comments and panel reviews on a version.
urlpatterns += [
    path("toolkit/<str:number>/pdf/", documents.toolkit_pdf, name="toolkit_pdf"),
    path("toolkit/<str:number>/pdf/retry/", documents.toolkit_pdf_retry, name="toolkit_pdf_retry"),
    path(
        "toolkit/<str:number>/pdf/download/",
        documents.toolkit_pdf_download,
        name="toolkit_pdf_download",
    ),
    path("toolkit/<str:number>/comments/new/", consultation.comment_create, name="comment_create"),
    path("comments/", consultation.comment_list, name="comment_list"),
    path("comments/<int:pk>/", consultation.comment_detail, name="comment_detail"),
    path("comments/<int:pk>/answer/", consultation.comment_answer, name="comment_answer"),
    path("comments/<int:pk>/change/", consultation.comment_link, name="comment_link"),
    path("toolkit/<str:number>/reviews/new/", panels.review_create, name="review_create"),
    path("panels/", panels.panel_list, name="panel_list"),
    path("panels/<str:panel>/", panels.panel_detail, name="panel_detail"),
    path("panels/<str:panel>/members/new/", panels.member_create, name="panel_member_create"),
    path("panels/members/<int:pk>/edit/", panels.member_edit, name="panel_member_edit"),
    path("panels/members/<int:pk>/remove/", panels.member_remove, name="panel_member_remove"),
]

# The peer exchange: questions and answers between vanguards, network partners and the NST.
urlpatterns += [
    path("exchange/", exchange.exchange_list, name="exchange"),
    path("exchange/ask/", exchange.exchange_ask, name="exchange_ask"),
    path("exchange/follow/", exchange.exchange_follow, name="exchange_follow"),
    path("exchange/reports/", exchange.exchange_reports, name="exchange_reports"),
    path("exchange/<int:pk>/", exchange.exchange_thread, name="exchange_thread"),
    path("exchange/<int:pk>/edit/", exchange.exchange_edit, name="exchange_edit"),
    path("exchange/<int:pk>/report/", exchange.exchange_report, name="exchange_report"),
    path("exchange/<int:pk>/moderate/", exchange.exchange_moderate, name="exchange_moderate"),
    path("exchange/<int:pk>/convert/", exchange.exchange_convert, name="exchange_convert"),
    path(
        "exchange/<int:pk>/answers/<int:answer_pk>/helpful/",
        exchange.exchange_helpful,
        name="exchange_helpful",
    ),
    path(
        "exchange/<int:pk>/answers/<int:answer_pk>/edit/",
        exchange.exchange_edit,
        name="exchange_answer_edit",
    ),
    path(
        "exchange/<int:pk>/answers/<int:answer_pk>/report/",
        exchange.exchange_report,
        name="exchange_answer_report",
    ),
    path(
        "exchange/<int:pk>/answers/<int:answer_pk>/moderate/",
        exchange.exchange_moderate,
        name="exchange_answer_moderate",
    ),
]
