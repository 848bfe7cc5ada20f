"""The peer exchange for templates: posts with what the viewer may do to them, and tags.

A post shows its author's name and the organisation they wrote for, as words: never a link into
a vanguard's records. A hidden post shows the learning team's reason instead of its text,
except to its author (who sees why) and to the learning team.
"""

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.safestring import SafeString

from vanguards import permissions
from workwell.dates import govuk_datetime
from workwell.govuk import render_component
from workwell.markdown import render_markdown

from ..models import ExchangeAnswer, ExchangeQuestion

HIDDEN_NOTICE = "This post was hidden by the learning team: {reason}"
# An answer still up under a hidden question: it may quote what was hidden.
HIDDEN_WITH_QUESTION = "This answer is hidden with the question it answers."

_TAGS: dict[tuple[str, str], SafeString] = {}


def tag(text: str, classes: str) -> SafeString:
    """A GOV.UK tag, rendered once per text and colour per process."""
    if (text, classes) not in _TAGS:
        _TAGS[text, classes] = render_component("tag", {"text": text, "classes": classes})
    return _TAGS[text, classes]


def author_line(post) -> str:
    """ "Mem Alpha, Alpha Vanguard" or "Lee Learning, National Support Team"."""
    return post.byline


def question_tags(question: ExchangeQuestion) -> list[SafeString]:
    tags = []
    if question.is_hidden:
        tags.append(tag("Hidden", "govuk-tag--red"))
    if question.helpful_answer_id:
        tags.append(tag("Helpful answer", "govuk-tag--green"))
    elif not getattr(question, "answer_count", 1):
        tags.append(tag("Not answered yet", "govuk-tag--yellow"))
    return tags


@dataclass
class PostView:
    """One post as the viewer sees it, with the links to what they may do to it."""

    post: ExchangeQuestion | ExchangeAnswer
    author: str
    written: str
    edited: str
    body: SafeString | None  # None: hidden from the viewer, who reads `hidden_notice`
    hidden_notice: str
    is_helpful: bool = False
    actions: list[tuple[str, str, str]] = field(default_factory=list)  # (text, url, kind)
    mark_helpful_url: str = ""


def _post_view(
    viewer, post, *, base: str, is_helpful=False, editable: bool, question=None
) -> PostView:
    """`question`: the thread's, for an answer (whose text is hidden with a hidden question)."""
    if question is None:
        readable = permissions.can_read_hidden_post(viewer, post)
    else:
        readable = permissions.can_read_answer(viewer, post, question)
    notice = HIDDEN_NOTICE.format(reason=post.hidden_reason) if post.is_hidden else ""
    if notice and readable:
        whose = "you" if post.author_id == viewer.pk else "its author"
        notice += f" Only {whose} and the learning team can see the post below."
    elif not notice and not readable:
        notice = HIDDEN_WITH_QUESTION
    kind = "question" if isinstance(post, ExchangeQuestion) else "answer"
    actions = []
    if editable:
        actions.append(("Change", f"{base}edit/", kind))
    if readable and permissions.can_report_post(viewer, post):
        actions.append(("Report", f"{base}report/", kind))
    if permissions.can_moderate_exchange(viewer) and not post.is_hidden:
        actions.append(("Hide", f"{base}moderate/", kind))
    return PostView(
        post=post,
        author=author_line(post),
        written=govuk_datetime(post.created_at),
        edited=govuk_datetime(post.edited_at),
        body=render_markdown(post.body) if readable else None,
        hidden_notice=notice,
        is_helpful=is_helpful,
        actions=actions,
    )


def thread_posts(viewer, question: ExchangeQuestion) -> tuple[PostView, list[PostView]]:
    """The question and its answers (from selectors.get_thread_or_404: no queries here; the
    edit window is checked in memory)."""
    thread = reverse("learning:exchange_thread", args=[question.pk])
    asked = _post_view(
        viewer, question, base=thread, editable=permissions.can_edit_post(viewer, question)
    )
    may_mark = permissions.can_mark_helpful(viewer, question)
    answers = []
    for answer in question.answer_list:
        base = f"{thread}answers/{answer.pk}/"
        view = _post_view(
            viewer,
            answer,
            base=base,
            is_helpful=answer.pk == question.helpful_answer_id,
            editable=permissions.can_edit_post(viewer, answer),
            question=question,
        )
        if may_mark and not answer.is_hidden and not view.is_helpful:
            view.mark_helpful_url = f"{base}helpful/"
        answers.append(view)
    return asked, answers
