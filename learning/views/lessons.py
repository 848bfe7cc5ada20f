"""The lessons-learnt library at /learning/lessons/: vanguard members and NST staff write
lessons, the learning team publishes or returns them, and everyone signed in reads the
published ones."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from vanguards import permissions
from workwell.tables import list_page

from ..filters.lessons import LessonFilter
from ..forms.lessons import LessonForm, LessonLinkForm, LessonReviewForm
from ..presenters import lessons as presenters
from ..selectors import lessons as selectors
from ..services import lessons as services
from ..tables.lessons import LessonTable


@login_required
def lesson_list(request):
    filterset = LessonFilter(
        request.GET or None, queryset=selectors.lessons_for_list(user=request.user), request=request
    )
    shows_status = "status" in filterset.filters
    table = LessonTable(filterset.qs, exclude=() if shows_status else ("status",))
    context = {"filter": filterset, "can_write": permissions.can_write_lessons(request.user)}
    return list_page(request, table, "learning/lessons/lesson_list.html", context, per_page=20)


@login_required
def lesson_detail(request, pk):
    lesson = selectors.get_lesson_or_404(request.user, pk)
    workings = permissions.can_see_lesson_workings(request.user, lesson)
    context = {
        "lesson": lesson,
        "sections": presenters.lesson_sections(lesson),
        "summary_rows": presenters.lesson_summary_rows(lesson),
        "support_offers": list(lesson.support_offers.order_by("title")),
        "toolkit_items": list(lesson.toolkit_items.select_related("version").order_by("title")),
        "shows_workings": workings,
        "history_table": workings
        and presenters.lesson_history_table(selectors.lesson_history(lesson)),
        "can_edit": permissions.can_edit_lesson(request.user, lesson),
        "can_review": permissions.can_review_lesson(request.user, lesson),
        "can_link": permissions.can_link_lesson(request.user, lesson),
    }
    return render(request, "learning/lessons/lesson_detail.html", context)


def _save(request, form, lesson=None):
    try:
        return services.lesson_save(
            actor=request.user,
            lesson=lesson,
            data=form.cleaned_data,
            themes=form.cleaned_data["themes"],
            dimensions=form.cleaned_data["dimensions"],
            vanguard=form.cleaned_data.get("vanguard"),
            submit=request.POST.get("action") == "submit",
        )
    except services.LessonError as error:
        form.add_error(error.field, error.message)
        return None


def _saved_message(lesson) -> str:
    if lesson.status == lesson.Status.SUBMITTED:
        return f"{lesson.title} has been sent to the learning team for review."
    return f"{lesson.title} has been saved as a draft."


@login_required
@require_http_methods(["GET", "POST"])
def lesson_form(request, pk=None):
    """Write a lesson (no `pk`) or change a draft or returned one, and save or submit it."""
    lesson = selectors.get_lesson_or_404(request.user, pk) if pk else None
    if lesson is None and not permissions.can_write_lessons(request.user):
        raise Http404
    if lesson is not None and not permissions.can_edit_lesson(request.user, lesson):
        raise Http404
    form = LessonForm(
        request.POST if request.method == "POST" else None,
        instance=lesson,
        user=request.user,
        dimensions=selectors.lesson_dimensions(),
    )
    saved = request.method == "POST" and form.is_valid() and _save(request, form, lesson)
    if saved:
        messages.success(request, _saved_message(saved))
        return redirect("learning:lesson", pk=saved.pk)
    return render(request, "learning/lessons/lesson_form.html", {"form": form, "lesson": lesson})


@login_required
@require_http_methods(["GET", "POST"])
def lesson_review(request, pk):
    lesson = selectors.get_lesson_or_404(request.user, pk)
    if not permissions.can_review_lesson(request.user, lesson):
        raise Http404
    form = LessonReviewForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        publish = form.cleaned_data["decision"] == "publish"
        try:
            if publish:
                services.lesson_publish(actor=request.user, lesson=lesson)
            else:
                reason = form.cleaned_data["reason"]
                services.lesson_return(actor=request.user, lesson=lesson, reason=reason)
        except services.LessonError as error:
            form.add_error(error.field, error.message)
        else:
            done = "published" if publish else "returned to its author"
            messages.success(request, f"{lesson.title} has been {done}.")
            return redirect("learning:lesson", pk=lesson.pk)
    context = {
        "form": form,
        "lesson": lesson,
        "sections": presenters.lesson_sections(lesson),
        "summary_rows": presenters.lesson_summary_rows(lesson),
    }
    return render(request, "learning/lessons/lesson_review.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def lesson_links(request, pk):
    lesson = selectors.get_lesson_or_404(request.user, pk)
    if not permissions.can_link_lesson(request.user, lesson):
        raise Http404
    initial = {
        "support_offers": list(lesson.support_offers.all()),
        "toolkit_items": list(lesson.toolkit_items.all()),
    }
    form = LessonLinkForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        toolkit_items=selectors.lesson_toolkit_item_choices(),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.lesson_link(actor=request.user, lesson=lesson, **form.cleaned_data)
        except services.LessonError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(request, f"What {lesson.title} informed has been saved.")
            return redirect("learning:lesson", pk=lesson.pk)
    return render(request, "learning/lessons/lesson_links.html", {"form": form, "lesson": lesson})
