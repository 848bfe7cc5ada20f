"""The peer exchange at /learning/exchange/: vanguard members, network partners and the NST
ask each other questions and answer them; the asker marks the answer that helped; the learning
team moderates reported posts and turns threads into draft lessons and toolkit items. Everyone
signed in reads it (network partners too: vanguards.permissions.PARTNER_NAMESPACES)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from vanguards import permissions
from workwell.markdown import render_markdown
from workwell.tables import list_page

from ..filters.exchange import ExchangeQuestionFilter
from ..forms.exchange import AnswerForm, FollowForm, ModerateForm, QuestionForm, ReportForm
from ..presenters import exchange as presenters
from ..selectors import exchange as selectors
from ..services import exchange as services
from ..tables.exchange import ExchangeQuestionTable


def _data(request):
    return request.POST if request.method == "POST" else None


@login_required
def exchange_list(request):
    filterset = ExchangeQuestionFilter(
        request.GET or None, queryset=selectors.exchange_questions_for_list(user=request.user)
    )
    context = {
        "filter": filterset,
        "can_ask": permissions.can_post_to_exchange(request.user),
        "can_moderate": permissions.can_moderate_exchange(request.user),
    }
    table = ExchangeQuestionTable(filterset.qs)
    return list_page(request, table, "learning/exchange/list.html", context, per_page=20)


@login_required
@require_http_methods(["GET", "POST"])
def exchange_ask(request):
    if not permissions.can_post_to_exchange(request.user):
        raise Http404
    form = QuestionForm(_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            question = services.question_ask(actor=request.user, **form.cleaned_data)
        except services.ExchangeError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(request, "Your question has been posted.")
            return redirect("learning:exchange_thread", pk=question.pk)
    context = {"form": form, "back_url": reverse("learning:exchange")}
    return render(request, "learning/exchange/question_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def exchange_thread(request, pk):
    """A question and its answers; a POST answers it."""
    question = selectors.get_thread_or_404(request.user, pk)
    can_answer = permissions.can_answer_question(request.user, question)
    form = AnswerForm(_data(request)) if can_answer else None
    if request.method == "POST" and form is None:
        raise Http404
    if request.method == "POST" and form.is_valid():
        try:
            services.answer_post(actor=request.user, question=question, **form.cleaned_data)
        except services.ExchangeError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(request, "Your answer has been posted.")
            return redirect("learning:exchange_thread", pk=question.pk)
    asked, answers = presenters.thread_posts(request.user, question)
    context = {
        "question": question,
        "asked": asked,
        "answers": answers,
        "form": form,
        "can_convert": permissions.can_convert_thread(request.user, question),
        "lesson_visible": question.lesson_id
        and permissions.can_view_lesson(request.user, question.lesson),
    }
    return render(request, "learning/exchange/thread.html", context)


@login_required
@require_POST
def exchange_helpful(request, pk, answer_pk):
    question = selectors.get_thread_or_404(request.user, pk)
    if not permissions.can_mark_helpful(request.user, question):
        raise Http404
    answer = selectors.get_answer_or_404(request.user, question, answer_pk)
    try:
        services.helpful_mark(actor=request.user, question=question, answer=answer)
    except services.ExchangeError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"You marked {answer.author}’s answer as the one that helped.")
    return redirect("learning:exchange_thread", pk=question.pk)


def _back(question) -> str:
    return reverse("learning:exchange_thread", args=[question.pk])


def _post_or_404(request, pk, answer_pk):
    """The question, and the answer when `answer_pk` is given: the post a page acts on."""
    question = selectors.get_thread_or_404(request.user, pk)
    if answer_pk is None:
        return question, question
    return question, selectors.get_answer_or_404(request.user, question, answer_pk)


@login_required
@require_http_methods(["GET", "POST"])
def exchange_edit(request, pk, answer_pk=None):
    question, post = _post_or_404(request, pk, answer_pk)
    if not permissions.can_edit_post(request.user, post):
        raise Http404
    form_class = AnswerForm if answer_pk else QuestionForm
    initial = {"body": post.body}
    if not answer_pk:
        initial |= {"title": post.title, "themes": list(post.themes.all())}
    form = form_class(_data(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.post_edit(actor=request.user, post=post, data=form.cleaned_data)
        except services.ExchangeError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "Your changes have been saved.")
            return redirect("learning:exchange_thread", pk=question.pk)
    context = {"form": form, "question": question, "post": post, "back_url": _back(question)}
    template = "answer_form.html" if answer_pk else "question_form.html"
    return render(request, f"learning/exchange/{template}", context)


@login_required
@require_http_methods(["GET", "POST"])
def exchange_report(request, pk, answer_pk=None):
    question, post = _post_or_404(request, pk, answer_pk)
    if not permissions.can_report_post(request.user, post):
        raise Http404
    form = ReportForm(_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.post_report(actor=request.user, post=post, **form.cleaned_data)
        except services.ExchangeError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "Thank you. The learning team will look at the post.")
            return redirect("learning:exchange_thread", pk=question.pk)
    context = {"form": form, "question": question, "back_url": _back(question)}
    context["post"] = presenters.author_line(post)
    return render(request, "learning/exchange/report.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def exchange_moderate(request, pk, answer_pk=None):
    question, post = _post_or_404(request, pk, answer_pk)
    if not permissions.can_moderate_exchange(request.user) or post.is_hidden:
        raise Http404
    form = ModerateForm(_data(request))
    if request.method == "POST" and form.is_valid():
        hide = form.cleaned_data["decision"] == "hide"
        try:
            if hide:
                reason = form.cleaned_data["reason"]
                services.post_hide(actor=request.user, post=post, reason=reason)
            else:
                services.reports_dismiss(actor=request.user, post=post)
        except services.ExchangeError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(request, "The post has been hidden." if hide else "The post stays up.")
            return redirect("learning:exchange_thread", pk=question.pk)
    context = {"form": form, "question": question, "post": post, "back_url": _back(question)}
    context |= {"body": render_markdown(post.body), "reports": selectors.post_reports(post)}
    return render(request, "learning/exchange/moderate.html", context)


@login_required
def exchange_reports(request):
    """The reported posts the learning team has not dealt with yet."""
    if not permissions.can_moderate_exchange(request.user):
        raise Http404
    context = {"reports": selectors.open_reports()}
    return render(request, "learning/exchange/reports.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def exchange_follow(request):
    if not permissions.can_use_exchange(request.user):
        raise Http404
    followed = selectors.followed_theme_ids(request.user)
    form = FollowForm(_data(request), initial={"themes": list(followed)})
    if request.method == "POST" and form.is_valid():
        services.follows_set(actor=request.user, themes=form.cleaned_data["themes"])
        messages.success(request, "The themes you follow have been saved.")
        return redirect("learning:exchange")
    context = {"form": form, "back_url": reverse("learning:exchange")}
    return render(request, "learning/exchange/follow.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def exchange_convert(request, pk):
    """Turn a thread into a draft lesson or a draft toolkit item (a confirmation page, then
    a POST with `into`)."""
    question = selectors.get_thread_or_404(request.user, pk)
    if not permissions.can_convert_thread(request.user, question):
        raise Http404
    into = request.POST.get("into")
    if request.method == "POST" and into in ("lesson", "toolkit_item"):
        try:
            if into == "lesson":
                lesson = services.thread_to_lesson(actor=request.user, question=question)
            else:
                item = services.thread_to_toolkit_item(actor=request.user, question=question)
        except services.ExchangeError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, "A draft has been made from the thread. Check and finish it.")
            if into == "lesson":
                return redirect("learning:lesson_edit", pk=lesson.pk)
            return redirect("learning:toolkit_item_edit", number=item.version.number, pk=item.pk)
    return render(request, "learning/exchange/convert.html", {"question": question})
