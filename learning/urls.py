from django.urls import path

from .views import lessons, partners, toolkit

app_name = "learning"

# Each part of /learning/ adds its routes here.
urlpatterns = [
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
