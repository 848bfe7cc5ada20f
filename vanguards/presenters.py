"""Display-only shaping of profile data into GOV.UK component params (no queries here)."""

from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils.html import format_html


def _date(value):
    return f"{value.day} {value:%B %Y}"


def money(value) -> str:
    return f"£{intcomma(round(value))}"


def profile_summary_rows(vanguard, current_membership) -> list[dict]:
    lead = vanguard.lead_organisation
    lead_text = f"{lead} (ODS code {lead.ods_code})" if lead.ods_code else str(lead)
    if current_membership:
        group = current_membership.cohort_group
        group_text = f"{group} ({group.theme}), since {_date(current_membership.started_on)}"
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
        ("Runs", f"{_date(vanguard.start_date)} to {_date(vanguard.end_date)}"),
        ("Cohort group", group_text),
        ("Relationship manager", rm_text),
    ]
    return [{"key": {"text": key}, "value": {"text": value}} for key, value in rows]


def people_table(vanguard, people) -> dict:
    return {
        "caption": f"People in {vanguard.name}",
        "captionClasses": "govuk-visually-hidden",
        "firstCellIsHeader": True,
        "head": [{"text": "Name"}, {"text": "Title"}, {"text": "Email"}],
        "rows": [
            [
                {"text": person.user.full_name},
                {"text": person.get_title_display()},
                {
                    "html": format_html(
                        '<a class="govuk-link" href="mailto:{0}">{0}</a>', person.user.email
                    )
                },
            ]
            for person in people
        ],
    }
