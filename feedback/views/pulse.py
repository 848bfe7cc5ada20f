"""The pulse survey form a vanguard member answers once a quarter (and may change until it
closes), and the confirmation after it."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render

from vanguards import permissions

from ..forms.pulse import PulseForm
from ..selectors.pulse import open_pulse_survey, pulse_response_of
from ..services import pulse as services

ANSWER_FIELDS = list(PulseForm.base_fields)


@login_required
def pulse_survey(request):
    if not permissions.can_answer_pulse_survey(request.user):
        raise Http404
    survey = open_pulse_survey()
    if survey is None:
        return render(request, "feedback/pulse/closed.html")
    response = pulse_response_of(user=request.user, survey=survey)
    initial = {name: getattr(response, name) for name in ANSWER_FIELDS} if response else None
    form = PulseForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.pulse_response_submit(survey=survey, person=request.user, **form.cleaned_data)
        except services.PulseError as error:
            form.add_error(error.field, error.message)
        else:
            return redirect("feedback:pulse_done")
    context = {"survey": survey, "form": form, "changing": response is not None}
    return render(request, "feedback/pulse/survey.html", context)


@login_required
def pulse_done(request):
    if not permissions.can_answer_pulse_survey(request.user):
        raise Http404
    survey = open_pulse_survey()
    return render(request, "feedback/pulse/done.html", {"survey": survey})
