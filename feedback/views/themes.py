"""Tag a free-text pulse answer or a concern with programme themes (NST only)."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from vanguards import permissions

from ..forms.results import quarter_value
from ..forms.themes import ThemesForm
from ..models import Concern, PulseResponse
from ..selectors.results import FREE_TEXT_PAGE_FIELD, free_text_page_of
from ..services.themes import ThemeTagError, themes_tag


def _tag(request, item) -> None:
    form = ThemesForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.errors["themes"][0])
        return
    try:
        themes_tag(item=item, by=request.user, themes=form.cleaned_data["themes"])
    except ThemeTagError as error:
        messages.error(request, error.message)
        return
    names = ", ".join(theme.name for theme in form.cleaned_data["themes"]) or "no themes"
    messages.success(request, f"Tagged with {names}.")


@login_required
@require_POST
def pulse_answer_themes(request, pk):
    if not (
        permissions.reads_pulse_free_text(request.user)
        and permissions.tags_feedback_themes(request.user)
    ):
        raise Http404
    answers = permissions.pulse_free_text_visible_to(request.user, PulseResponse.objects.all())
    answer = get_object_or_404(answers.select_related("survey"), pk=pk)
    _tag(request, answer)
    query = urlencode(
        {
            "quarter": quarter_value(answer.survey.quarter),
            FREE_TEXT_PAGE_FIELD: free_text_page_of(user=request.user, answer=answer),
        }
    )
    return redirect(f"{reverse('feedback:pulse_results')}?{query}#answer-{answer.pk}")


@login_required
@require_POST
def concern_themes(request, pk):
    concern = permissions.get_concern_or_404(request.user, Concern.objects.all(), pk)
    if not permissions.tags_feedback_themes(request.user):
        raise Http404
    _tag(request, concern)
    return redirect("feedback:concern", pk=concern.pk)
