from django.urls import path

from .views import assessments, framework

# Included by maturity/urls.py under the "maturity" namespace.
urlpatterns: list = [
    path("framework/", framework.framework_current, name="framework"),
    path("framework/<int:pk>/", framework.framework_version, name="framework_version"),
    path("framework/<int:pk>/draft/", framework.framework_draft, name="framework_draft"),
    path("framework/<int:pk>/edit/", framework.framework_edit, name="framework_edit"),
    path(
        "framework/<int:pk>/dimensions/<int:dimension_pk>/",
        framework.dimension_edit,
        name="framework_dimension_edit",
    ),
    path("framework/<int:pk>/publish/", framework.framework_publish_view, name="framework_publish"),
    path("cycles/new/", framework.cycle_create, name="cycle_create"),
    path("assessments/", assessments.assessment_list, name="assessments"),
    path("assessments/<int:pk>/", assessments.assessment_detail, name="assessment"),
    path("assessments/<int:pk>/moderate/", assessments.assessment_moderate_view, name="moderate"),
    path("assessments/<int:pk>/reopen/", assessments.assessment_reopen_view, name="reopen"),
    path(
        "assessments/<int:pk>/files/<int:file_pk>/",
        assessments.evidence_file,
        name="evidence_file",
    ),
]
