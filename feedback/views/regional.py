"""Regional-lead feedback: the lead's quarterly form (a second submission changes it) and the
leadership's list with quarter and region filters."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from vanguards import permissions
from workwell.dates import Quarter

from ..forms.regional import RegionalFeedbackForm
from ..selectors import regional as selectors
from ..services.regional import RegionalFeedbackError, regional_feedback_submit


@login_required
def regional_feedback_form(request):
    if not permissions.can_give_regional_feedback(request.user):
        raise Http404
    quarter = Quarter.containing(timezone.localdate())
    feedback = selectors.regional_feedback_of(user=request.user, quarter=quarter)
    form = RegionalFeedbackForm(
        request.POST if request.method == "POST" else None,
        initial=RegionalFeedbackForm.initial_from(feedback),
        vanguards=selectors.region_vanguards(request.user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            regional_feedback_submit(author=request.user, **form.feedback_data())
        except RegionalFeedbackError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(
                request,
                f"Your feedback for {quarter} has been saved. You can change it until "
                "the quarter ends.",
            )
            return redirect("feedback:regional_new")
    context = {"form": form, "quarter": quarter, "changing": feedback is not None}
    return render(request, "feedback/regional/form.html", context)


class RegionalFilterForm(forms.Form):
    quarter = forms.ChoiceField(label="Quarter", required=False)
    region = forms.ChoiceField(label="Region", required=False)

    def __init__(self, *args, quarters, regions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["quarter"].choices = [("", "Any quarter")] + [
            (f"{q.year}-{q.number}", str(q)) for q in quarters
        ]
        self.fields["region"].choices = [("", "Any region")] + [
            (str(pk), name) for pk, name in regions
        ]
        for field in self.fields.values():
            field.error_messages["invalid_choice"] = f"Choose a {field.label.lower()} from the list"


@login_required
def regional_feedback_list(request):
    if not permissions.reads_regional_feedback(request.user):
        raise Http404
    form = RegionalFilterForm(
        request.GET or None,
        quarters=selectors.regional_feedback_quarters(),
        regions=selectors.regions().values_list("pk", "name"),
    )
    chosen = form.cleaned_data if form.is_bound and form.is_valid() else {}
    quarter = region = None
    if chosen.get("quarter"):
        year, number = chosen["quarter"].split("-")
        quarter = Quarter(int(year), int(number))
    if chosen.get("region"):
        region = int(chosen["region"])
    feedback = selectors.regional_feedback_for_list(request.user, quarter=quarter, region_id=region)
    context = {"form": form, "feedback": list(feedback), "query": bool(request.GET)}
    return render(request, "feedback/regional/list.html", context)
