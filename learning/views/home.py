"""/learning/: the learning team's and the network's home, and the network's own pages."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse

from vanguards import permissions
from workwell.markdown import render_markdown

from ..forms.pages import NetworkPageForm
from ..presenters.pages import home_sections, page_history_rows
from ..selectors import events as event_selectors
from ..selectors import pages as selectors
from ..services.pages import NetworkPageError, network_page_save


def _url(name: str, fallback: str) -> str:
    """A route another part of /learning/ adds; its address until then (README: link by path)."""
    try:
        return reverse(name)
    except NoReverseMatch:
        return fallback


@login_required
def learning_home(request):
    upcoming = event_selectors.events_listed(user=request.user)[:3]
    context = {
        "sections": home_sections(
            toolkit_url=_url("learning:toolkit", "/learning/toolkit/"),
            lessons_url=_url("learning:lessons", "/learning/lessons/"),
        ),
        "upcoming": list(upcoming),
        "pages": selectors.network_pages(
            with_unwritten=permissions.can_keep_network_pages(request.user)
        ),
    }
    return render(request, "learning/home/home.html", context)


@login_required
def network_page(request, slug):
    page = selectors.get_network_page_or_404(slug)
    can_edit = permissions.can_keep_network_pages(request.user)
    context = {
        "page": page,
        "body": render_markdown(page.body),
        "can_edit": can_edit,
        "history": page_history_rows(selectors.network_page_history(page)) if can_edit else [],
    }
    return render(request, "learning/home/network_page.html", context)


@login_required
def network_page_edit(request, slug):
    if not permissions.can_keep_network_pages(request.user):
        raise Http404
    page = selectors.network_page_to_edit(slug)
    # The form gets its own copy, so a rejected title does not show up in the page heading.
    form = NetworkPageForm(request.POST or None, instance=selectors.network_page_to_edit(slug))
    if request.method == "POST" and form.is_valid():
        try:
            network_page_save(editor=request.user, page=page, data=form.cleaned_data)
        except NetworkPageError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(request, f"Your changes to {page.title} are saved.")
            return redirect("learning:network_page", slug=slug)
    return render(request, "learning/home/network_page_form.html", {"page": page, "form": form})
