"""Display-only shaping of the registry, touchpoints, actions, support requests and the support
menu into GOV.UK component params and tags (no queries here: callers pass what their selectors
fetched; but `drawn_timeline`, which keeps the profile's timeline drawn and reads it through its
selector when it is not kept). User-typed values go in as `text`, so the macros escape them;
`html` only where the portal adds markup of its own."""

from functools import lru_cache

from django.contrib.humanize.templatetags.humanize import intcomma
from django.template.defaultfilters import linebreaksbr, truncatewords
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from workwell.dates import govuk_date, govuk_datetime
from workwell.govuk import render_component
from workwell.kept import kept

from .models import RAG, Action, SupportRequest, Touchpoint
from .selectors.timeline import (
    ActionRecord,
    SupportRequestRecord,
    TouchpointRecord,
    timeline_seen_as,
    vanguard_timeline,
)


def money(value) -> str:
    """Pounds, rounded to whole pounds as round() rounds (half to even), thousands grouped
    with commas: £1,310,012, £-2,500. What `intcomma` gives for en-gb (checked against it in
    tests/vanguards/test_money.py), without its locale lookups: the national funding table
    has a few hundred amounts."""
    return f"£{round(value):,}"


# --- Tags ------------------------------------------------------------------------------------

RAG_TAG_CLASSES = {
    RAG.GREEN: "govuk-tag--green",
    RAG.AMBER: "govuk-tag--orange",
    RAG.RED: "govuk-tag--red",
}
ACTION_TAG_CLASSES = {
    Action.Status.OPEN: "govuk-tag--blue",
    Action.Status.DONE: "govuk-tag--green",
    Action.Status.CANCELLED: "govuk-tag--grey",
}
SUPPORT_TAG_CLASSES = {
    SupportRequest.Status.NEW: "govuk-tag--blue",
    SupportRequest.Status.TRIAGED: "govuk-tag--light-blue",
    SupportRequest.Status.IN_PROGRESS: "govuk-tag--purple",
    SupportRequest.Status.DELIVERED: "govuk-tag--turquoise",
    SupportRequest.Status.CLOSED: "govuk-tag--grey",
    SupportRequest.Status.DECLINED: "govuk-tag--orange",
}


def _tag(text: str, classes: str) -> dict:
    return {"text": text, "classes": classes}


@lru_cache(maxsize=256)
def _tag_html(text: str, classes: str) -> SafeString:
    """A tag's HTML, rendered once per text and classes: list pages show a few distinct tags
    on every row (the labels are plain strings by now, so the language is part of the key)."""
    return render_component("tag", _tag(text, classes))


def _tags_html(tags: list[dict]) -> SafeString:
    return SafeString(" ".join(_tag_html(tag["text"], tag["classes"]) for tag in tags))


def rag_tag(touchpoint) -> dict:
    """The GOV.UK tag params of a touchpoint's RAG rating, wherever it is shown."""
    return _tag(touchpoint.get_rag_display(), RAG_TAG_CLASSES[touchpoint.rag])


def rag_tag_html(touchpoint) -> SafeString:
    return rag_value_tag_html(touchpoint.rag)


def rag_value_tag_html(rag: str) -> SafeString:
    """The RAG tag of a rating's value (a list page's rows are values, not touchpoints)."""
    return _tags_html([_tag(RAG(rag).label, RAG_TAG_CLASSES[rag])])


def action_status_tags(action) -> SafeString:
    """The status tag, and "Overdue" when the list's selector worked out that it is."""
    return action_status_value_tags(action.status, getattr(action, "is_overdue", False))


def action_status_value_tags(status: str, is_overdue: bool) -> SafeString:
    """`action_status_tags` from the values (a list page's rows are values, not actions)."""
    tags = [_tag(Action.Status(status).label, ACTION_TAG_CLASSES[status])]
    if is_overdue:
        tags.append(_tag("Overdue", "govuk-tag--red"))
    return _tags_html(tags)


def flag_text(limit: int) -> str:
    return f"Not triaged in {limit} working day{'s' if limit != 1 else ''}"


def support_status_tags(support_request, limit: int) -> SafeString:
    """The status tag, and the red flag when the request waited too long for triage."""
    is_flagged = getattr(support_request, "is_flagged", False)
    return support_status_value_tags(support_request.status, is_flagged, limit)


def support_status_value_tags(status: str, is_flagged: bool, limit: int) -> SafeString:
    """`support_status_tags` from the values (a list page's rows are values, not requests)."""
    tags = [_tag(SupportRequest.Status(status).label, SUPPORT_TAG_CLASSES[status])]
    if is_flagged:
        tags.append(_tag(flag_text(limit), "govuk-tag--red"))
    return _tags_html(tags)


def profile_summary_rows(vanguard, current_membership) -> list[dict]:
    lead = vanguard.lead_organisation
    lead_text = f"{lead} (ODS code {lead.ods_code})" if lead.ods_code else str(lead)
    if current_membership:
        group = current_membership.cohort_group
        group_text = f"{group} ({group.theme}), since {govuk_date(current_membership.started_on)}"
        rm_text = str(group.relationship_manager)
    else:
        group_text, rm_text = "Not in a cohort group", "None assigned"
    rows = [
        ("Status", vanguard.get_status_display()),
        ("Lead organisation", lead_text),
        ("Target cohorts", vanguard.target_cohorts),
        ("Funding allocation", money(vanguard.funding_allocation)),
        ("Participant target", intcomma(vanguard.participant_target)),
        ("In-work share target", f"{vanguard.in_work_share_target}%"),
        ("Runs", f"{govuk_date(vanguard.start_date)} to {govuk_date(vanguard.end_date)}"),
        ("Cohort group", group_text),
        ("Relationship manager", rm_text),
    ]
    return [{"key": {"text": key}, "value": {"text": value}} for key, value in rows]


def _change_person_link(person) -> dict:
    return {
        "html": format_html(
            '<a class="govuk-link" href="{}">Change'
            '<span class="govuk-visually-hidden"> {}</span></a>',
            reverse("vanguards:person_edit", args=[person.user_id]),
            person.user.full_name,
        )
    }


def people_table(vanguard, people, *, can_manage: bool = False) -> dict:
    """The profile's people; admins get a link to change each person."""
    head = [{"text": "Name"}, {"text": "Title"}, {"text": "Email"}]
    if can_manage:
        head.append({"html": '<span class="govuk-visually-hidden">Actions</span>'})
    rows = []
    for person in people:
        row = [
            {"text": person.user.full_name},
            {"text": person.get_title_display()},
            {
                "html": format_html(
                    '<a class="govuk-link" href="mailto:{0}">{0}</a>', person.user.email
                )
            },
        ]
        if can_manage:
            row.append(_change_person_link(person))
        rows.append(row)
    return {
        "caption": f"People in {vanguard.name}",
        "captionClasses": "govuk-visually-hidden",
        "firstCellIsHeader": True,
        "head": head,
        "rows": rows,
    }


# --- Touchpoint page -------------------------------------------------------------------------


def _rag_html(touchpoint):
    """The RAG rating as a coloured tag, then the reason for it, if one was given."""
    tag = rag_tag_html(touchpoint)
    return format_html("{} {}", tag, touchpoint.rag_reason) if touchpoint.rag_reason else tag


def _touchpoint_status(touchpoint) -> str:
    if touchpoint.is_archived:
        return "Archived"
    status = touchpoint.get_status_display()
    if touchpoint.completed_at:
        return f"{status} on {govuk_date(touchpoint.completed_at)}"
    return status


# Buttons with a name and value: `{% govuk "button" name=... %}` would clash with the tag's
# own first argument, so the touchpoint form's buttons are passed as params.
CHOOSE_PEOPLE_BUTTON = {
    "text": "Show their people",
    "name": "choose_people",
    "value": "1",
    "classes": "govuk-button--secondary",
}
CHOOSE_GROUP_BUTTON = {
    "text": "Show vanguards in this cohort group",
    "name": "choose_group",
    "value": "1",
    "classes": "govuk-button--secondary",
}
LIST_EVERYONE_BUTTON = {
    "text": "List everyone in the National Support Team",
    "name": "list_everyone",
    "value": "1",
    "classes": "govuk-button--secondary",
}
TOUCHPOINT_ADD_ROW_BUTTON = {
    "text": "Add another action",
    "name": "add_action",
    "value": "1",
    "classes": "govuk-button--secondary",
}


def touchpoint_save_buttons(touchpoint) -> list[dict]:
    """A completed touchpoint is saved as it is; a new one or a draft, as complete or draft."""
    if touchpoint is not None and touchpoint.status != Touchpoint.Status.DRAFT:
        return [{"text": "Save changes", "name": "status", "value": "complete"}]
    return [
        {"text": "Save as complete", "name": "status", "value": "complete"},
        {
            "text": "Save as draft",
            "name": "status",
            "value": "draft",
            "classes": "govuk-button--secondary",
        },
    ]


def touchpoint_summary_rows(touchpoint, *, vanguards, participants, contacts, themes) -> list:
    """The touchpoint page's summary list: who met, how, and how it went.

    Pass what `selectors.touchpoints.touchpoint_page` fetched: `vanguards` and `contacts` are
    only those the user may see, the contacts with their vanguard membership selected.
    """
    vanguard_links = format_html_join(
        ", ",
        '<a class="govuk-link" href="{}">{}</a>',
        ((reverse("vanguards:detail", args=[v.slug]), v.name) for v in vanguards),
    )
    minutes = touchpoint.duration_minutes
    how = f"{touchpoint.get_channel_display()}, {minutes} minute{'' if minutes == 1 else 's'}"
    contact_names = [f"{person} ({person.vanguard_membership.vanguard})" for person in contacts]
    rows = [
        ("Vanguards", {"html": vanguard_links}),
        ("How", {"text": how}),
        ("Logged by", {"text": str(touchpoint.author)}),
        ("NST participants", {"text": ", ".join(map(str, participants)) or "None recorded"}),
        ("Vanguard contacts", {"text": ", ".join(contact_names) or "None recorded"}),
    ]
    if touchpoint.other_attendees:
        # One attendee a line, as typed: linebreaksbr escapes the text, then adds the <br>s.
        rows.append(("Other attendees", {"html": linebreaksbr(touchpoint.other_attendees)}))
    rows += [
        ("Programme themes", {"text": ", ".join(map(str, themes)) or "None"}),
        ("RAG status", {"html": _rag_html(touchpoint)}),
        ("Status", {"text": _touchpoint_status(touchpoint)}),
    ]
    return [{"key": {"text": key}, "value": value} for key, value in rows]


def follow_up_actions_table(actions) -> dict:
    """The touchpoint page's follow-up actions, each linking to its own page."""
    return {
        "caption": "Follow-up actions from this touchpoint",
        "captionClasses": "govuk-visually-hidden",
        "firstCellIsHeader": True,
        "head": [{"text": name} for name in ("Action", "Vanguard", "Owner", "Due", "Status")],
        "rows": [
            [
                {
                    "html": format_html(
                        '<a class="govuk-link" href="{}">{}</a>',
                        reverse("actions:detail", args=[action.pk]),
                        action.description,
                    )
                },
                {"text": str(action.vanguard)},
                {"text": str(action.owner)},
                {"text": govuk_date(action.due_date)},
                {"text": action.get_status_display()},
            ]
            for action in actions
        ],
    }


# --- Action page ---------------------------------------------------------------------------


def _person_and_time(person, when) -> str:
    return f"{person} on {govuk_datetime(when)}"


def action_summary_rows(action, *, show_touchpoint: bool) -> list[dict]:
    """The detail page's summary list: what, whose, when due, and who created and closed it."""
    rows = [
        ("Status", {"html": action_status_tags(action)}),
        ("Vanguard", {"text": action.vanguard.name}),
        ("Owner", {"text": str(action.owner)}),
        ("Due date", {"text": govuk_date(action.due_date)}),
    ]
    if action.touchpoint_id and show_touchpoint:
        link = format_html(
            '<a class="govuk-link" href="{}">{}</a>',
            reverse("touchpoints:detail", args=[action.touchpoint_id]),
            action.touchpoint,
        )
        rows.append(("From touchpoint", {"html": link}))
    rows.append(("Created by", {"text": _person_and_time(action.created_by, action.created_at)}))
    if action.status == Action.Status.DONE:
        rows.append(("Done by", {"text": _person_and_time(action.closed_by, action.closed_at)}))
    if action.status == Action.Status.CANCELLED:
        rows.append(
            ("Cancelled by", {"text": _person_and_time(action.closed_by, action.closed_at)})
        )
        rows.append(("Reason for cancelling", {"text": action.cancel_reason}))
    return [{"key": {"text": key}, "value": value} for key, value in rows]


# --- Support request page ------------------------------------------------------------------

# The page says "Nobody yet", as the list does (its export leaves the cell blank).
NOBODY_YET = "Nobody yet"


def support_request_summary_rows(support_request, *, limit: int, working_days: int) -> list:
    """The request page's summary list, in the order the vanguard thinks about it."""
    offer = support_request.offer
    rows = [
        ("Status", {"html": support_status_tags(support_request, limit)}),
        ("Vanguard", {"text": support_request.vanguard.name}),
        ("What they need", {"text": support_request.need}),
        (
            "Support offer",
            {
                "html": format_html(
                    '<a class="govuk-link" href="{}">{}</a>',
                    reverse("offers:detail", args=[offer.pk]),
                    offer.title,
                )
            }
            if offer
            else {"text": "None: something not on the support menu"},
        ),
        ("Urgency", {"text": support_request.get_urgency_display()}),
        ("Needed by", {"text": govuk_date(support_request.needed_by) or "No date given"}),
        (
            "Raised",
            {"text": f"{govuk_datetime(support_request.raised_at)} by {support_request.raised_by}"},
        ),
        ("Working days open", {"text": str(working_days)}),
        ("Assigned to", {"text": str(support_request.assigned_to or NOBODY_YET)}),
    ]
    if support_request.decline_reason:
        rows.append(("Reason for declining", {"text": support_request.decline_reason}))
    if support_request.redirect_note:
        rows.append(("Redirected to", {"text": support_request.redirect_note}))
    if support_request.delivery_notes:
        rows.append(("How it was delivered", {"text": support_request.delivery_notes}))
    if support_request.rating is not None:
        comment = support_request.rating_comment or "No comment"
        rows.append(("Rating", {"text": f"{support_request.rating} out of 5. {comment}"}))
    return [{"key": {"text": key}, "value": value} for key, value in rows]


NEXT_STEPS = {
    SupportRequest.Status.NEW: "the vanguard's relationship manager triages the request.",
    SupportRequest.Status.TRIAGED: "someone from the National Support Team starts work on it.",
    SupportRequest.Status.IN_PROGRESS: "the support is delivered.",
    SupportRequest.Status.DELIVERED: "the vanguard rates the support, and the request is closed.",
}


def touchpoint_links(touchpoints) -> SafeString:
    return format_html_join(
        "",
        '<li><a class="govuk-link" href="{}">{}</a></li>',
        (
            (reverse("touchpoints:detail", args=[touchpoint.pk]), touchpoint)
            for touchpoint in touchpoints
        ),
    )


# --- Vanguard profile timeline --------------------------------------------------------------

# Choice labels by value, read once: `get_FOO_display()` rebuilds the field's choices as a
# dict on every call (about 60 calls), and the timeline shows three or four labels an entry.
TOUCHPOINT_CHANNEL_LABELS = dict(Touchpoint.Channel.choices)
RAG_LABELS = dict(RAG.choices)
ACTION_STATUS_LABELS = dict(Action.Status.choices)
SUPPORT_STATUS_LABELS = dict(SupportRequest.Status.choices)
URGENCY_LABELS = dict(SupportRequest.Urgency.choices)


def _touchpoint_timeline(touchpoint, today) -> tuple[list[tuple], str]:
    rag = touchpoint.rag
    tags = [(RAG_LABELS.get(rag, rag), RAG_TAG_CLASSES[rag])]
    if touchpoint.status == Touchpoint.Status.DRAFT:
        tags.append(("Draft", "govuk-tag--grey"))
    if touchpoint.archived_at is not None:
        tags.append(("Archived", "govuk-tag--grey"))
    others = touchpoint.vanguard_count - 1
    channel = TOUCHPOINT_CHANNEL_LABELS.get(touchpoint.channel, touchpoint.channel)
    meta = f"{channel}, logged by {touchpoint.author}"
    if others:
        meta += f", with {others} other vanguard{'s' if others > 1 else ''}"
    return tags, meta


def _action_timeline(action, today) -> tuple[list[tuple], str]:
    status = action.status
    tags = [(ACTION_STATUS_LABELS.get(status, status), ACTION_TAG_CLASSES[status])]
    if status == Action.Status.OPEN and action.due_date < today:
        tags.append(("Overdue", "govuk-tag--red"))
    return tags, f"Owner {action.owner}, due {govuk_date(action.due_date)}"


def _support_request_timeline(support_request, today) -> tuple[list[tuple], str]:
    status, urgency = support_request.status, support_request.urgency
    tags = [(SUPPORT_STATUS_LABELS.get(status, status), "govuk-tag--blue")]
    return tags, URGENCY_LABELS.get(urgency, urgency)


TIMELINE_DETAIL = {
    TouchpointRecord: _touchpoint_timeline,
    ActionRecord: _action_timeline,
    SupportRequestRecord: _support_request_timeline,
}


def timeline_items(entries, *, today) -> list[dict]:
    """The profile timeline's entries (`selectors.timeline`), each with its tags and a line of
    detail: how a touchpoint went, whose an action is and when due, how urgent a request is.

    Ready to print: the day written out, the tags' HTML (each followed by a space) and the
    text cut to 40 words (None when there is none), so the template does no per-entry work
    beyond printing (a filter or component tag per entry cost hundreds of calls a page)."""
    items = []
    for entry in entries:
        tags, meta = TIMELINE_DETAIL[type(entry.record)](entry.record, today)
        items.append(
            {
                "kind": entry.kind,
                "when": govuk_date(entry.date),
                "title": entry.title,
                "text": truncatewords(entry.text, 40) if entry.text else None,
                "href": entry.href,
                "tags": SafeString(
                    "".join(_tag_html(text, classes) + " " for text, classes in tags)
                ),
                "meta": meta,
            }
        )
    return items


_TIMELINE_ENTRY = (
    '\n  <li class="app-timeline__entry">'
    '\n    <p class="govuk-caption-m govuk-!-margin-bottom-1">{kind}, {day}</p>'
    '\n    <h3 class="govuk-heading-s govuk-!-margin-bottom-1">{heading}</h3>'
    '\n    <p class="govuk-body-s govuk-!-margin-bottom-1">{tags}{meta}</p>'
    "\n    {text}\n    {rule}\n  </li>\n  "
)
_TIMELINE_LINK = (
    '<a class="govuk-link" href="{0}">{1}<span class="govuk-visually-hidden"> on {2}</span></a>'
)
_TIMELINE_TEXT = '<p class="govuk-body govuk-!-margin-bottom-1">{0}</p>'
_TIMELINE_RULE = (
    '<hr class="govuk-section-break govuk-section-break--m govuk-section-break--visible">'
)


# `html.escape(value)` (what Django's `escape` does) in one step: the same five characters.
_HTML_ESCAPES = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;"}
)


def _printed(value: str) -> str:
    """What a template's `{{ value }}` prints for a string: escaped, unless marked safe."""
    return str(value) if hasattr(value, "__html__") else value.translate(_HTML_ESCAPES)


def timeline_list_html(items: list[dict]) -> SafeString:
    """The timeline's list of entries (`timeline_items`), character for character what
    templates/vanguards/_timeline_list.html renders (tests/vanguards/test_timeline_html.py
    renders both ways): the template's tags and lookups cost about 340 calls an entry, this
    about 30."""
    out = ['<ol class="govuk-list app-timeline">\n  ']
    last = len(items) - 1
    for index, item in enumerate(items):
        day, title = _printed(item["when"]), _printed(item["title"])
        href, text = item["href"], item["text"]
        out.append(
            _TIMELINE_ENTRY.format(
                kind=_printed(item["kind"]),
                day=day,
                heading=_TIMELINE_LINK.format(_printed(href), title, day) if href else title,
                tags=_printed(item["tags"]),
                meta=_printed(item["meta"]),
                text=_TIMELINE_TEXT.format(_printed(text)) if text is not None else "",
                rule=_TIMELINE_RULE if index != last else "",
            )
        )
    out.append("\n</ol>\n")
    return SafeString("".join(out))


# --- Support-offer menu ----------------------------------------------------------------------


def offer_tags(offer) -> SafeString:
    """ "Scaffolded support" and "No longer offered", as they apply; empty for neither."""
    tags = []
    if offer.scaffolded:
        tags.append(_tag("Scaffolded support", "govuk-tag--turquoise"))
    if not offer.is_active:
        tags.append(_tag("No longer offered", "govuk-tag--grey"))
    return _tags_html(tags)


def offer_summary_rows(offer) -> list[dict]:
    themes = ", ".join(theme.name for theme in offer.themes.all())
    rows = [
        ("How it is delivered", offer.get_channel_display()),
        ("Delivered by", offer.delivered_by),
        ("Suits vanguards that are", ", ".join(b.capitalize() for b in offer.bands) or "None"),
        ("Programme themes", themes or "Not tagged"),
    ]
    return [{"key": {"text": key}, "value": {"text": value}} for key, value in rows]


def drawn_timeline(*, user, vanguard, page, today) -> dict:
    """The profile's timeline as `user` sees page `page` of it on `today`, drawn: its entries
    (`timeline_items`), their list's HTML and the pagination. Kept for everyone who would see
    the same rows (`selectors.timeline.timeline_seen_as`) on the same day until a table it
    reads is written (workwell/kept.py): at national scale reading the page's entries walks
    every link of a large vanguard (about 9 ms of PostgreSQL for 6,000), and drawing them is
    as much Python again as keying them. Shared: read it, never change it."""
    return kept(
        "vanguards.drawn_timeline",
        lambda: (timeline_seen_as(user=user, vanguard=vanguard, page=page), today),
        lambda: _drawn_timeline(
            vanguard_timeline(user=user, vanguard=vanguard, page=page), today=today
        ),
    )


def _drawn_timeline(timeline, *, today) -> dict:
    entries = timeline_items(timeline, today=today)
    return {
        "timeline": entries,
        "timeline_list": timeline_list_html(entries),
        "timeline_pagination": timeline_pagination(timeline),
    }


def timeline_pagination(timeline) -> dict | None:
    """ "Show older" (and "Show newer" past the first page) links for the profile's timeline,
    as GOV.UK pagination params; None when everything fits on one page."""
    if not (timeline.has_older or timeline.has_newer):
        return None
    params = {"landmarkLabel": "Timeline pages"}
    if timeline.has_newer:
        params["previous"] = {
            "href": f"?page={timeline.number - 1}#timeline",
            "text": "Show newer",
        }
    if timeline.has_older:
        params["next"] = {"href": f"?page={timeline.number + 1}#timeline", "text": "Show older"}
    return params
