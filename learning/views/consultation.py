"""Consultation comments on a toolkit version: members of vanguards and NST staff comment while
it is in consultation; the learning team answers each comment and links accepted ones to the
change they led to. Everyone sees the comments the permissions module lets them see (a member,
their own vanguard's), so another vanguard's comment is a 404."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from vanguards import permissions
from workwell.kept import kept
from workwell.tables import list_page

from ..filters.consultation import CommentFilter
from ..forms.consultation import AnswerForm, CommentForm, LinkChangeForm
from ..models import ToolkitItem
from ..presenters.consultation import (
    comment_count_text,
    comment_summary_rows,
    drawn_reviews,
    led_to_note,
)
from ..selectors import consultation as selectors
from ..services import consultation as services
from ..tables.consultation import CommentTable


def comments_url(version) -> str:
    return f"{reverse('learning:comment_list')}?version={version.number}"


@login_required
def comment_list(request):
    if not permissions.can_read_consultation_comments(request.user):
        raise Http404
    versions = list(selectors.consulted_versions(user=request.user))
    version = selectors.chosen_version(versions, request.GET.get("version"))
    data = request.GET.copy()
    if version is not None and not data.get("version"):
        data["version"] = version.number  # the newest version's comments by default
    filterset = CommentFilter(
        data,
        queryset=selectors.comments_for_list(user=request.user, version=version),
        versions=versions,
        items=selectors.version_items(version) if version else ToolkitItem.objects.none(),
    )
    context = {
        "version": version,
        "filter": filterset,
        "can_comment": version is not None
        and version.status == version.Status.CONSULTATION
        and permissions.can_comment_on_toolkit(request.user, version),
    }
    table = CommentTable(filterset.qs)
    return list_page(request, table, "learning/consultation/comment_list.html", context)


@login_required
def comment_create(request, number):
    version = selectors.commentable_version_or_404(user=request.user, number=number)
    items = selectors.version_items(version)
    initial = {"item": request.GET.get("item")} if request.GET.get("item", "").isdigit() else {}
    form = CommentForm(request.POST or None, items=items, initial=initial, prefix="comment")
    if request.method == "POST" and form.is_valid():
        try:
            services.comment_add(author=request.user, version=version, **form.cleaned_data)
        except services.ConsultationError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(request, "Thank you. Your comment has been sent to the learning team.")
            return redirect(comments_url(version))
    return render(
        request, "learning/consultation/comment_form.html", {"form": form, "version": version}
    )


def _detail_context(request, comment, answer_form=None, link_form=None) -> dict:
    posted = answer_form or link_form  # the form sent, if any: its errors title the page
    can_answer = permissions.can_answer_consultation_comments(request.user)
    link_items = selectors.next_version_items(comment) if can_answer else None
    if can_answer:
        answer_form = answer_form or AnswerForm(
            initial={"status": comment.status, "response": comment.response}
        )
        link_form = link_form or LinkChangeForm(
            items=link_items, initial={"item": comment.led_to_id}
        )
    return {
        "comment": comment,
        "summary_rows": comment_summary_rows(comment, viewer=request.user),
        "can_answer": can_answer,
        "answer_form": answer_form,
        "link_form": link_form if can_answer and link_items.exists() else None,
        "form": posted,
    }


@login_required
def comment_detail(request, pk):
    comment = selectors.comment_or_404(user=request.user, pk=pk)
    context = _detail_context(request, comment)
    return render(request, "learning/consultation/comment_detail.html", context)


def _require_answerer(user):
    if not permissions.can_answer_consultation_comments(user):
        raise Http404


@login_required
@require_POST
def comment_answer(request, pk):
    _require_answerer(request.user)
    comment = selectors.comment_or_404(user=request.user, pk=pk)
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            services.comment_answer(actor=request.user, comment=comment, **form.cleaned_data)
        except services.ConsultationError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(request, "Your answer has been saved.")
            return redirect("learning:comment_detail", pk=comment.pk)
    context = _detail_context(request, comment, answer_form=form)
    return render(request, "learning/consultation/comment_detail.html", context)


@login_required
@require_POST
def comment_link(request, pk):
    _require_answerer(request.user)
    comment = selectors.comment_or_404(user=request.user, pk=pk)
    form = LinkChangeForm(request.POST, items=selectors.next_version_items(comment))
    if form.is_valid():
        try:
            services.comment_link_change(actor=request.user, comment=comment, **form.cleaned_data)
        except services.ConsultationError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(request, "The comment's link to a change has been saved.")
            return redirect("learning:comment_detail", pk=comment.pk)
    context = _detail_context(request, comment, link_form=form)
    return render(request, "learning/consultation/comment_detail.html", context)


def version_consultation_context(request, version) -> dict:
    """What a toolkit version's page shows of its consultation, PDF and panel reviews
    (templates/learning/consultation/_version_panel.html): the toolkit's version view adds it."""
    from ..selectors.panels import version_reviews

    user = request.user
    consulted = version.status != version.Status.DRAFT
    counts = selectors.comment_counts(user=user, version=version) if consulted else {}
    reviews, show_reviewers = version_reviews(version), permissions.can_see_panel_members(user)
    return {
        # Open for comments, or closed with comments to read.
        "show_comments": version.status == version.Status.CONSULTATION or sum(counts.values()) > 0,
        "count_text": comment_count_text(counts) if consulted else "",
        "comment_form": _comment_form(user, version),
        "reviews": reviews,
        "reviews_html": kept(
            # Drawn once for those who do, and once for those who do not, see who reviewed (all
            # a viewer changes in them); read inside, so that it is kept under their tables.
            "learning.drawn_reviews",
            (version.pk, show_reviewers),
            lambda: drawn_reviews(version_reviews(version), show_reviewers=show_reviewers),
        ),
        "comments_url": comments_url(version),
        "show_reviewers": show_reviewers,
        "can_review": permissions.can_manage_panels(user),
    }


def _comment_form(user, version, item=None) -> CommentForm | None:
    """The comment form shown on a version's or an item's page while it is in consultation."""
    in_consultation = version.status == version.Status.CONSULTATION
    if not (in_consultation and permissions.can_comment_on_toolkit(user, version)):
        return None
    items = selectors.version_items(version)
    form = CommentForm(items=items, initial={"item": item}, prefix="comment")
    if item is not None:
        form.fields["item"].widget = forms.HiddenInput()
    return form


def item_consultation_context(request, version, item) -> dict:
    """What a toolkit item's page shows of the consultation: the accepted comments that led to
    it, and the comment form while its version is in consultation."""
    led_to = selectors.comments_that_led_to(user=request.user, items=[item])
    return {
        "led_to": led_to_note(led_to.get(item.pk, []), viewer=request.user),
        "comment_form": _comment_form(request.user, version, item),
    }


def comparison_led_to_notes(request, comparison) -> dict[int, str]:
    """For the comparison page: a note per added or changed item on the comments it answers."""
    items = [change.new for change in comparison.changed] + list(comparison.added)
    led_to = selectors.comments_that_led_to(user=request.user, items=items)
    return {pk: led_to_note(comments, viewer=request.user) for pk, comments in led_to.items()}
