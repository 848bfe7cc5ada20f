from django.urls import path

from .views import pulse, results

app_name = "feedback"

urlpatterns = [
    path("pulse/", pulse.pulse_survey, name="pulse_survey"),
    path("pulse/done/", pulse.pulse_done, name="pulse_done"),
    path("results/", results.pulse_results, name="pulse_results"),
]
