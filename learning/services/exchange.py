"""Writing to the peer exchange: ask, answer, mark the answer that helped, edit within the
window, report, hide or leave up, follow themes, and turn a thread into a draft lesson or
toolkit item. Every function re-checks the permissions module before it writes."""

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from vanguards import permissions
from vanguards.models import NetworkPartnerContact, Vanguard
from vanguards.services.digest import DigestOutcome, send_once_a_day
from workwell.errors import ServiceError
from workwell.models import ProgrammeTheme, User

from ..models import (
    ExchangeAnswer,
    ExchangeDigestSent,
    ExchangeFollow,
    ExchangeQuestion,
    ExchangeReport,
    Lesson,
    ToolkitItem,
    ToolkitVersion,
)
from ..selectors.exchange import digest_questions, digest_since
from . import lessons as lesson_services
from . import toolkit as toolkit_services

NST = "National Support Team"


class ExchangeError(ServiceError):
    """A rule about the peer exchange was broken; the message is safe to show to the user."""


def author_organisation(user: User) -> str:
    """The organisation a post is written for, in words: the National Support Team for its
    staff, the member's vanguard, the partner's organisation, or nothing (an account whose
    link is missing says no organisation rather than one it does not belong to)."""
    if permissions.is_nst(user):
        return NST
    vanguard_id = permissions.member_vanguard_id(user)
    if vanguard_id is not None:
        return Vanguard.objects.only("name").get(pk=vanguard_id).name
    if permissions.partner_organisation_id(user) is not None:
        contact = NetworkPartnerContact.objects.select_related("organisation").get(user=user)
        return contact.organisation.name
    return ""


def question_ask(
    *, actor: User, title: str, body: str, themes: Iterable[ProgrammeTheme]
) -> ExchangeQuestion:
    if not permissions.can_post_to_exchange(actor):
        raise ExchangeError("You cannot ask questions on the peer exchange.")
    themes = list(themes)
    if not themes:
        raise ExchangeError("Select at least one programme theme", field="themes")
    with transaction.atomic():
        question = ExchangeQuestion.objects.create(
            title=title.strip(),
            body=body.strip(),
            author=actor,
            author_organisation=author_organisation(actor),
        )
        question.themes.set(themes)
    return question


def answer_post(*, actor: User, question: ExchangeQuestion, body: str) -> ExchangeAnswer:
    if not permissions.can_answer_question(actor, question):
        raise ExchangeError("This question can no longer be answered.")
    return ExchangeAnswer.objects.create(
        question=question,
        body=body.strip(),
        author=actor,
        author_organisation=author_organisation(actor),
    )


def helpful_mark(*, actor: User, question: ExchangeQuestion, answer: ExchangeAnswer) -> None:
    """The asker marks the answer that helped (one per question; marking another moves it)."""
    if not permissions.can_mark_helpful(actor, question):
        raise ExchangeError("Only the person who asked can mark the answer that helped.")
    if answer.question_id != question.pk or answer.is_hidden:
        raise ExchangeError("That answer cannot be marked as the one that helped.")
    ExchangeQuestion.objects.filter(pk=question.pk).update(helpful_answer=answer)
    question.helpful_answer = answer


def post_edit(*, actor: User, post: ExchangeQuestion | ExchangeAnswer, data: dict) -> None:
    """Change a question's title, themes and text, or an answer's text, within the window."""
    with transaction.atomic():
        # Locked and re-read, so the window and the hiding are judged on the row as it is.
        model = type(post)
        locked = model.objects.select_for_update().get(pk=post.pk)
        if not permissions.can_edit_post(actor, locked):
            raise ExchangeError(
                f"Posts can only be changed by their author in the first "
                f"{permissions.EXCHANGE_EDIT_MINUTES} minutes."
            )
        locked.body = data["body"].strip()
        fields = ["body", "edited_at"]
        if isinstance(locked, ExchangeQuestion):
            locked.title = data["title"].strip()
            fields.append("title")
            locked.themes.set(data["themes"])
        locked.edited_at = timezone.now()
        locked.save(update_fields=fields)


def post_report(*, actor: User, post: ExchangeQuestion | ExchangeAnswer, reason: str) -> None:
    if not permissions.can_report_post(actor, post):
        raise ExchangeError("This post cannot be reported.")
    kind = "question" if isinstance(post, ExchangeQuestion) else "answer"
    try:
        with transaction.atomic():
            ExchangeReport.objects.create(reporter=actor, reason=reason.strip(), **{kind: post})
    except IntegrityError:
        pass  # already reported by them and not yet looked at: once is enough


def _require_moderator(actor: User) -> None:
    if not permissions.can_moderate_exchange(actor):
        raise ExchangeError("Only the learning team moderates the peer exchange.")


def _close_reports(actor: User, post) -> int:
    kind = "question" if isinstance(post, ExchangeQuestion) else "answer"
    return ExchangeReport.objects.filter(resolved_at__isnull=True, **{kind: post}).update(
        resolved_at=timezone.now(), resolved_by=actor
    )


def post_hide(*, actor: User, post: ExchangeQuestion | ExchangeAnswer, reason: str) -> None:
    """Hide a post with a reason (others see the reason, its author too); close its reports."""
    _require_moderator(actor)
    reason = reason.strip()
    if not reason:
        raise ExchangeError("Enter why the post is hidden", field="reason")
    with transaction.atomic():
        hidden = (
            type(post)
            .objects.filter(pk=post.pk, hidden_at__isnull=True)
            .update(hidden_at=timezone.now(), hidden_by=actor, hidden_reason=reason)
        )
        if not hidden:
            raise ExchangeError("This post has already been hidden.")
        if isinstance(post, ExchangeAnswer):
            # A hidden answer no longer counts as the one that helped.
            ExchangeQuestion.objects.filter(helpful_answer=post).update(helpful_answer=None)
        _close_reports(actor, post)


def reports_dismiss(*, actor: User, post: ExchangeQuestion | ExchangeAnswer) -> int:
    """Leave a reported post up: its open reports are closed."""
    _require_moderator(actor)
    return _close_reports(actor, post)


def follows_set(*, actor: User, themes: Iterable[ProgrammeTheme]) -> None:
    """The themes whose new questions come in the person's daily email (replaces the set)."""
    if not permissions.can_use_exchange(actor):
        raise ExchangeError("You cannot follow themes on the peer exchange.")
    wanted = {theme.pk for theme in themes}
    with transaction.atomic():
        ExchangeFollow.objects.filter(user=actor).exclude(theme__in=wanted).delete()
        have = set(ExchangeFollow.objects.filter(user=actor).values_list("theme_id", flat=True))
        ExchangeFollow.objects.bulk_create(
            [ExchangeFollow(user=actor, theme_id=pk) for pk in wanted - have],
            ignore_conflicts=True,  # a second tab saving the same themes at once
        )


# --- Turning a thread into learning -------------------------------------------------------


def thread_link(question: ExchangeQuestion) -> str:
    """ "From the peer exchange: [title](address)", in Markdown: how a draft links back."""
    url = reverse("learning:exchange_thread", args=[question.pk])
    title = question.title.replace("[", "(").replace("]", ")")
    return f"From the peer exchange: [{title}]({settings.PORTAL_BASE_URL.rstrip('/')}{url})"


def _thread_text(question: ExchangeQuestion) -> tuple[str, str]:
    """The question's text and the answers' (the helpful one first), hidden posts left out."""
    answers = list(question.answers.filter(hidden_at__isnull=True).order_by("created_at", "pk"))
    answers.sort(key=lambda answer: answer.pk != question.helpful_answer_id)
    answered = "\n\n".join(f"{answer.body}\n\n*{answer.byline}*" for answer in answers)
    asked = f"{question.body}\n\n*Asked by {question.byline}*"
    return asked, answered


def _lock_unconverted(question: ExchangeQuestion, field: str) -> ExchangeQuestion:
    locked = ExchangeQuestion.objects.select_for_update().get(pk=question.pk)
    if getattr(locked, f"{field}_id") is not None:
        raise ExchangeError(
            f"This thread has already been turned into a {field.replace('_', ' ')}."
        )
    return locked


def thread_to_lesson(*, actor: User, question: ExchangeQuestion) -> Lesson:
    """A draft lesson prefilled from the thread, linked both ways (the lesson names the
    thread's address; the thread links to the lesson)."""
    if not permissions.can_convert_thread(actor, question):
        raise ExchangeError("Only the learning team can turn a thread into a lesson.")
    asked, answered = _thread_text(question)
    data = {
        "title": question.title[:200],
        "problem": asked,
        "tried": answered or "No answers yet.",
        "happened": "",
        "takeaways": thread_link(question),
    }
    with transaction.atomic():
        locked = _lock_unconverted(question, "lesson")
        lesson = lesson_services.lesson_save(
            actor=actor, data=data, themes=list(question.themes.all())
        )
        locked.lesson = lesson
        locked.save(update_fields=["lesson"])
    return lesson


def thread_to_toolkit_item(*, actor: User, question: ExchangeQuestion) -> ToolkitItem:
    """A guide in the toolkit's open draft version, prefilled from the thread and linked both
    ways. The toolkit changes only in a version still being drafted or consulted on."""
    if not permissions.can_convert_thread(actor, question):
        raise ExchangeError("Only the learning team can turn a thread into a toolkit item.")
    version = ToolkitVersion.objects.filter(status__in=ToolkitVersion.OPEN).order_by("-pk").first()
    if version is None:
        raise ExchangeError("Start a draft version of the toolkit first.")
    asked, answered = _thread_text(question)
    body = (
        f"## The question\n\n{asked}\n\n## What peers answered\n\n{answered or 'No answers yet.'}"
    )
    body += f"\n\n{thread_link(question)}"
    data = {"title": question.title[:200], "kind": ToolkitItem.Kind.GUIDE, "body": body}
    data["summary"] = question.body[:600]
    with transaction.atomic():
        locked = _lock_unconverted(question, "toolkit_item")
        try:
            item = toolkit_services.toolkit_item_save(
                actor=actor,
                version=version,
                data=data,
                tags={"themes": list(question.themes.all())},
            )
        except ServiceError as error:
            raise ExchangeError(error.message) from error
        locked.toolkit_item = item
        locked.save(update_fields=["toolkit_item"])
    return item


# --- The daily digest ---------------------------------------------------------------------


def exchange_digest_send(*, user: User, now: datetime.datetime | None = None) -> DigestOutcome:
    """Email a person the questions asked in the themes they follow since their last email
    (a day, for their first) up to `now`, unless there are none or the day of `now` has had
    its email already (at most one a day, claimed before sending). The beat task passes one
    `now` to every person's task, so a retry after midnight still counts as that day's."""
    now = now or timezone.now()
    if not user.is_active:
        return DigestOutcome.NOTHING_TO_REPORT
    since = digest_since(user=user, now=now)
    questions = digest_questions(user=user, since=since, until=now)
    if not questions:
        return DigestOutcome.NOTHING_TO_REPORT
    count = len(questions)
    context = {
        "user": user,
        "questions": questions,
        "base_url": settings.PORTAL_BASE_URL.rstrip("/"),
    }
    return send_once_a_day(
        claim=lambda: ExchangeDigestSent.objects.create(
            user=user, sent_on=timezone.localdate(now), covered_until=now
        ),
        send=lambda: send_mail(
            subject=f"WorkWell peer exchange: {count} new question{'s' if count != 1 else ''}",
            message=render_to_string("learning/email/exchange_digest.txt", context),
            from_email=None,
            recipient_list=[user.email],
        ),
    )
