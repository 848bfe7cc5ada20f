from django.urls import path

from .views import lessons, partners

app_name = "learning"

urlpatterns = [
    path("lessons/", lessons.lesson_list, name="lessons"),
    path("lessons/new/", lessons.lesson_form, name="lesson_create"),
    path("lessons/<int:pk>/", lessons.lesson_detail, name="lesson"),
    path("lessons/<int:pk>/edit/", lessons.lesson_form, name="lesson_edit"),
    path("lessons/<int:pk>/review/", lessons.lesson_review, name="lesson_review"),
    path("lessons/<int:pk>/links/", lessons.lesson_links, name="lesson_links"),
    path("partners/", partners.partner_list, name="partners"),
]
