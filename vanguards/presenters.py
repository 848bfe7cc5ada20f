"""Display-only shaping of profile and touchpoint data into GOV.UK component params (no
queries here: callers pass what their selectors fetched). User-typed values go in as `text`, so
the macros escape them; `html` only where the portal adds markup of its own."""

from django.contrib.humanize.templatetags.humanize import intcomma
from django.template.defaultfilters import linebreaksbr
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from workwell.dates import govuk_date
from workwell.govuk import render_component

from .selectors.touchpoints import rag_tag


def money(value) -> str:
    return f"£{intcomma(round(value))}"


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
    tag = render_component("tag", rag_tag(touchpoint))
    return format_html("{} {}", tag, touchpoint.rag_reason) if touchpoint.rag_reason else tag


def _touchpoint_status(touchpoint) -> str:
    if touchpoint.is_archived:
        return "Archived"
    status = touchpoint.get_status_display()
    if touchpoint.completed_at:
        return f"{status} on {govuk_date(touchpoint.completed_at)}"
    return status


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
