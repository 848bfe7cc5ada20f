"""Questions and answers for the peer exchange's tests, made through the real services."""

import datetime

from django.utils import timezone

from learning.models import ExchangeAnswer, ExchangeQuestion
from learning.services import exchange as services
from workwell.models import ProgrammeTheme


def theme(slug="health-and-employment-pathways") -> ProgrammeTheme:
    return ProgrammeTheme.objects.get(slug=slug)


def ask(
    author,
    title="Has anyone got GP fit-note referrals working?",
    *,
    body=None,
    themes=None,
    minutes_ago=0,
) -> ExchangeQuestion:
    question = services.question_ask(
        actor=author,
        title=title,
        body=body or "Our GPs send few fit-note referrals. What worked for you?",
        themes=themes or [theme()],
    )
    if minutes_ago:
        written = timezone.now() - datetime.timedelta(minutes=minutes_ago)
        ExchangeQuestion.objects.filter(pk=question.pk).update(created_at=written)
        question.refresh_from_db()
    return question


def answer(author, question, body="We put a work coach in each PCN huddle.", *, minutes_ago=0):
    reply = services.answer_post(actor=author, question=question, body=body)
    if minutes_ago:
        written = timezone.now() - datetime.timedelta(minutes=minutes_ago)
        ExchangeAnswer.objects.filter(pk=reply.pk).update(created_at=written)
        reply.refresh_from_db()
    return reply
