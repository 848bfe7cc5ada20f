"""The feedback home (published "you said, we did" entries, newest first, and the ways to give
feedback) and the NST's form to record or change an entry."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render

from vanguards import permissions

from ..forms.yousaid import YouSaidForm
from ..models import YouSaidWeDid
from ..selectors import yousaid as selectors
from ..services.yousaid import YouSaidError, you_said_save


@login_required
def feedback_home(request):
    user = request.user
    if not permissions.may_use_feedback_home(user):
        raise Http404
    keeps = permissions.keeps_you_said_we_did(user)
    entries = list(selectors.you_said_for_list(user))
    context = {
        "entries": entries,
        "visible_event_ids": selectors.visible_event_ids(user, entries),
        "drafts": list(selectors.you_said_drafts(user)) if keeps else [],
        "keeps": keeps,
        "can_answer_pulse": permissions.can_answer_pulse_survey(user),
        "can_raise_concerns": permissions.can_raise_concerns(user),
        "sees_results": permissions.sees_national_results(user),
        "reads_regional": permissions.reads_regional_feedback(user),
        "gives_regional": permissions.can_give_regional_feedback(user),
    }
    return render(request, "feedback/yousaid/home.html", context)


def _form_page(request, entry: YouSaidWeDid | None):
    form = YouSaidForm(
        request.POST if request.method == "POST" else None,
        initial=YouSaidForm.initial_from(entry),
        sources=selectors.link_sources(request.user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            entry = you_said_save(by=request.user, entry=entry, **form.entry_data())
        except YouSaidError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            state = "published" if entry.is_published else "saved as a draft"
            messages.success(request, f"“{entry.title}” has been {state}.")
            return redirect("feedback:home")
    return render(request, "feedback/yousaid/form.html", {"form": form, "entry": entry})


@login_required
def you_said_create(request):
    if not permissions.keeps_you_said_we_did(request.user):
        raise Http404
    return _form_page(request, None)


@login_required
def you_said_edit(request, pk):
    if not permissions.keeps_you_said_we_did(request.user):
        raise Http404
    entry = permissions.get_you_said_or_404(request.user, YouSaidWeDid.objects.all(), pk)
    return _form_page(request, entry)
