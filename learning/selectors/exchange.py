"""Reads for the peer exchange: the list (searched and filtered), one thread, the reported
posts the learning team looks at, a person's followed themes and their daily digest."""

import datetime

from django.db.models import (
    Count,
    DateTimeField,
    Exists,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.http import Http404

from vanguards import permissions
from workwell.models import ProgrammeTheme, User

from ..models import (
    ExchangeAnswer,
    ExchangeDigestSent,
    ExchangeFollow,
    ExchangeQuestion,
    ExchangeReport,
)
from .toolkit import search_text

LIST_FIELDS = (
    "title",
    "author",
    "author_organisation",
    "created_at",
    "hidden_at",
    "helpful_answer",
)


def _themes(to_attr: str | None = None) -> Prefetch:
    return Prefetch("themes", queryset=ProgrammeTheme.objects.only("name", "slug"), to_attr=to_attr)


def exchange_questions_for_list(*, user) -> QuerySet[ExchangeQuestion]:
    """The questions the user may see listed, newest first, with their author and the count of
    answers still up: one query for a page, one for its themes."""
    questions = (
        ExchangeQuestion.objects.select_related("author")
        .only(*LIST_FIELDS, "author__full_name", "author__email")
        .annotate(answer_count=Count("answers", filter=Q(answers__hidden_at__isnull=True)))
        .prefetch_related(_themes(to_attr="theme_list"))
    )
    return permissions.exchange_questions_listed_to(user, questions)


def with_answers(queryset: QuerySet[ExchangeQuestion], answered: bool) -> QuerySet:
    """Questions with (or without) an answer still up."""
    has = Q(answers__hidden_at__isnull=True, answers__isnull=False)
    matching = ExchangeQuestion.objects.filter(has).values("pk")
    return queryset.filter(pk__in=matching) if answered else queryset.exclude(pk__in=matching)


def search_exchange(queryset: QuerySet[ExchangeQuestion], text: str) -> QuerySet:
    """Questions matching `text` in their title or text, or in an answer still up: the
    toolkit's search (search_text) over both, newest first."""
    if not text.strip():
        return queryset
    asked = search_text(
        ExchangeQuestion.objects.all(), text, weights={"title": "A", "body": "B"}, order=()
    )
    answers = ExchangeAnswer.objects.filter(hidden_at__isnull=True)
    answered = search_text(answers, text, weights={"body": "C"}, order=())
    return queryset.filter(
        Q(pk__in=asked.order_by().values("pk")) | Q(pk__in=answered.order_by().values("question"))
    )


def get_thread_or_404(user, pk: int) -> ExchangeQuestion:
    """A thread with its themes and answers (authors selected): three queries. Any signed-in
    user may open any thread; what a hidden post shows is the presenters' business."""
    if not permissions.can_use_exchange(user):
        raise Http404
    answers = ExchangeAnswer.objects.select_related("author", "hidden_by").order_by(
        "created_at", "pk"
    )
    question = (
        ExchangeQuestion.objects.select_related("author", "hidden_by", "lesson", "toolkit_item")
        .select_related("toolkit_item__version")
        .prefetch_related(_themes(), Prefetch("answers", queryset=answers, to_attr="answer_list"))
        .filter(pk=pk)
        .first()
    )
    if question is None:
        raise Http404("No question matches that address.")
    return question


def get_answer_or_404(user, question: ExchangeQuestion, pk: int) -> ExchangeAnswer:
    answer = (
        ExchangeAnswer.objects.select_related("author").filter(question=question, pk=pk).first()
    )
    if answer is None or not permissions.can_use_exchange(user):
        raise Http404("No answer matches that address.")
    return answer


def open_reports() -> list[ExchangeReport]:
    """Reports not yet dealt with, oldest first, with the post and who reported it."""
    return list(
        ExchangeReport.objects.filter(resolved_at__isnull=True)
        .select_related("reporter", "question__author", "answer__author", "answer__question")
        .order_by("created_at", "pk")
    )


def followed_theme_ids(user: User) -> set[int]:
    return set(ExchangeFollow.objects.filter(user=user).values_list("theme_id", flat=True))


def theme_choices() -> QuerySet[ProgrammeTheme]:
    return ProgrammeTheme.objects.only("name", "slug").order_by("order", "name")


# The window of a person's first daily email (or the first since their last was kept with
# its window's end): the questions of the last day.
DIGEST_PERIOD = datetime.timedelta(days=1)


def _last_covered(user, now: datetime.datetime) -> QuerySet:
    """The end of the window the user's last daily email covered (`user` a user or OuterRef)."""
    sent = ExchangeDigestSent.objects.filter(user=user, covered_until__lte=now)
    return sent.order_by("-covered_until").values("covered_until")[:1]


def digest_since(*, user: User, now: datetime.datetime) -> datetime.datetime:
    """Where the user's next daily email starts: where their last one ended, so a day the
    worker missed is caught up, or a day before `now` for their first."""
    last = _last_covered(user, now).first()
    return last["covered_until"] if last else now - DIGEST_PERIOD


def digest_questions(
    *, user: User, since: datetime.datetime, until: datetime.datetime
) -> list[ExchangeQuestion]:
    """Questions asked from `since` to just before `until` in a theme the user follows, by
    someone else, that the user may see listed (hidden ones are not), oldest first, with their
    themes."""
    followed = ExchangeFollow.objects.filter(user=user).values("theme")
    questions = (
        ExchangeQuestion.objects.filter(
            created_at__gte=since, created_at__lt=until, themes__in=followed
        )
        .exclude(author=user)
        .distinct()
        .prefetch_related(_themes())
        .order_by("created_at", "pk")
    )
    return list(permissions.exchange_questions_listed_to(user, questions))


def digest_recipient_ids(*, now: datetime.datetime) -> list[int]:
    """Active people following a theme with a question asked in it since their last daily
    email (digest_since, in one query) and before `now`."""
    since = Coalesce(
        Subquery(_last_covered(OuterRef("user"), now)),
        Value(now - DIGEST_PERIOD, output_field=DateTimeField()),
    )
    asked = ExchangeQuestion.objects.filter(
        themes=OuterRef("theme"),
        hidden_at__isnull=True,
        created_at__gte=OuterRef("since"),
        created_at__lt=now,
    )
    return list(
        ExchangeFollow.objects.filter(user__is_active=True)
        .annotate(since=since)
        .filter(Exists(asked))
        .values_list("user_id", flat=True)
        .distinct()
        .order_by("user_id")
    )


def post_reports(post) -> list[ExchangeReport]:
    """The open reports on one question or answer, with who made them."""
    kind = "question" if isinstance(post, ExchangeQuestion) else "answer"
    reports = ExchangeReport.objects.filter(resolved_at__isnull=True, **{kind: post})
    return list(reports.select_related("reporter").order_by("created_at", "pk"))
