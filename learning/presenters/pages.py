"""Display-only shaping for /learning/ and the network's pages."""

from django.urls import reverse

from workwell.dates import govuk_datetime


def home_sections(*, toolkit_url: str, lessons_url: str) -> list[dict]:
    """The parts of the Learning and Change Network, as links with a line each."""
    return [
        {
            "title": "WorkWell toolkit",
            "url": toolkit_url,
            "text": "The tools, templates, guides and case studies, updated every quarter.",
        },
        {
            "title": "Network events",
            "url": reverse("learning:events"),
            "text": "Network events, monthly webinars, podcast episodes, cohort sessions and "
            "workshops: register, join and find the materials.",
        },
        {
            "title": "Lessons learnt",
            "url": lessons_url,
            "text": "What vanguards tried, what happened and what others should take from it.",
        },
        {
            "title": "Peer exchange",
            "url": reverse("learning:exchange"),
            "text": "Ask vanguards, network partners and the National Support Team a question, "
            "answer theirs, and follow the themes you work on.",
        },
        {
            "title": "Support menu",
            "url": reverse("offers:list"),
            "text": "Briefings, coaching, training and peer sessions the National Support "
            "Team offers.",
        },
    ]


def page_history_rows(records) -> list[dict]:
    """Rows of the GOV.UK summary list of a page's changes, newest first."""
    return [
        {
            "key": {"text": govuk_datetime(record.history_date)},
            "value": {
                "text": (
                    f"{'Created' if record.history_type == '+' else 'Changed'} by "
                    f"{record.history_user.full_name if record.history_user else 'the portal'}"
                )
            },
        }
        for record in records
    ]
