from django.urls import path

from .views import concerns, pulse, quality, regional, results, themes, yousaid

app_name = "feedback"

urlpatterns = [
    path("", yousaid.feedback_home, name="home"),
    path("you-said-we-did/new/", yousaid.you_said_create, name="you_said_create"),
    path("you-said-we-did/<int:pk>/edit/", yousaid.you_said_edit, name="you_said_edit"),
    path("pulse/", pulse.pulse_survey, name="pulse_survey"),
    path("pulse/done/", pulse.pulse_done, name="pulse_done"),
    path("results/", results.pulse_results, name="pulse_results"),
    path("results/answers/<int:pk>/themes/", themes.pulse_answer_themes, name="answer_themes"),
    path("regional/", regional.regional_feedback_list, name="regional"),
    path("regional/new/", regional.regional_feedback_form, name="regional_new"),
    path("concerns/", concerns.concern_list, name="concerns"),
    path("concerns/mine/", concerns.my_concerns, name="my_concerns"),
    path("concerns/new/", concerns.concern_create, name="concern_create"),
    path("concerns/<int:pk>/", concerns.concern_detail, name="concern"),
    path("concerns/<int:pk>/themes/", themes.concern_themes, name="concern_themes"),
    path("concerns/<int:pk>/<slug:step>/", concerns.concern_step, name="concern_step"),
    path("review/", quality.review_start, name="quality_review_start"),
    path("review/targets/", quality.quality_targets, name="quality_targets"),
    path("review/<str:quarter>/", quality.quality_review, name="quality_review"),
]
