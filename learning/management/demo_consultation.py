"""Demo consultation and review panels: the version in consultation has comments in every state
from several vanguards and the NST; the previous version's consultation is closed, and its
accepted comments are linked to the items of the current version that made the change; both
panels have members, and each reviewed the last two versions.

Comments on the open consultation go through the services. The previous consultation closed
when its version was published, so its comments are written as they stood then (the service
rightly refuses comments on a published version) and answered and linked through the services.
Running it again creates nothing new.
"""

import datetime

from django.utils import timezone

from workwell.models import User

from ..models import ConsultationComment, Panel, PanelMember, ToolkitVersion
from ..selectors.toolkit import compare_toolkit_versions
from ..services import consultation as consultation_services
from ..services import panels as panel_services

Status = ConsultationComment.Status

PANEL_MEMBERS = {
    Panel.EXPERT: [
        (
            "Dr Ama Osei",
            "Occupational health physician; fit note reform",
            "Society of Occupational Medicine",
        ),
        (
            "Prof. Helen Marsh",
            "Evaluation of employment support programmes",
            "Institute for Employment Studies",
        ),
        (
            "Gareth Lloyd",
            "Employer engagement with small and medium businesses",
            "Federation of Small Businesses",
        ),
        (
            "Priya Nair",
            "Musculoskeletal pathways and first contact physiotherapy",
            "Chartered Society of Physiotherapy",
        ),
    ],
    Panel.LIVED_EXPERIENCE: [
        ("Sam Rivers", "Returned to work after long COVID with a phased return", ""),
        ("Jo Park", "Stayed in work with multiple sclerosis; peer mentor", ""),
        ("Marcus Bell", "Back to work after depression, through an IPS service", ""),
        ("Lena Kowalski", "Carer and part-time worker with a chronic pain condition", ""),
    ],
}

# (author key, item index or None for the whole version, text, answer status, response)
CURRENT_COMMENTS = [
    (
        "greater-manchester",
        0,
        "Could the template show a worked example from a vanguard with "
        "an MSK strand? Our partners found the blank version hard to start.",
        Status.ACCEPTED,
        "Agreed: the next version will include a worked MSK example.",
    ),
    (
        "dorset",
        1,
        "The guide assumes a council partner leads employer engagement. In our "
        "area it is the VCSE alliance; please make that an option.",
        Status.ACCEPTED,
        "Agreed: the guide will name VCSE-led engagement as an option.",
    ),
    (
        "south-yorkshire",
        None,
        "The toolkit is getting long. A one-page 'start here' for new SROs would help.",
        Status.ANSWERED,
        "The SRO induction guide is the start-here page; we will link it from the toolkit page.",
    ),
    (
        "birmingham-and-solihull",
        2,
        "Please add Urdu and Punjabi versions of the participant leaflet.",
        Status.DECLINED,
        "Translations are commissioned locally from the vanguard's communications budget; the "
        "NST can share the translated leaflets other vanguards have made.",
    ),
    (
        "rm1@example.com",
        3,
        "Relationship managers would like the dashboard guidance to say "
        "when the return is due each quarter.",
        Status.ACCEPTED,
        "Agreed.",
    ),
    (
        "greater-manchester",
        4,
        "Does this checklist apply to self-referrals as well as GP referrals?",
        Status.ANSWERED,
        "Yes: the checklist applies to every route into the service.",
    ),
    ("dorset", None, "A podcast episode on rural access would be very welcome.", Status.OPEN, ""),
    (
        "south-yorkshire",
        1,
        "The employer engagement guide could link to the Access to Work guidance.",
        Status.OPEN,
        "",
    ),
    (
        "rm.lead@example.com",
        0,
        "Suggest aligning the outcome measures with the standard quarterly return fields.",
        Status.OPEN,
        "",
    ),
    (
        "birmingham-and-solihull",
        0,
        "The template's outcome section duplicates the logic model.",
        Status.DECLINED,
        "They overlap on purpose: the template is the summary, the logic model the detail.",
    ),
]

# On the previous version (consultation closed): (author key, item index, text, status,
# response, link to the current version's copy of the item when accepted).
PREVIOUS_COMMENTS = [
    (
        "greater-manchester",
        0,
        "The outcomes should include employers keeping their staff, not "
        "only people returning to work.",
        Status.ACCEPTED,
        "Agreed: added in the next version.",
    ),
    (
        "dorset",
        0,
        "Our employers ask what is in it for them. Please name job retention as an outcome.",
        Status.ACCEPTED,
        "Agreed: the next version names it.",
    ),
    (
        "rm1@example.com",
        0,
        "Vanguards report retention; the template should ask for it.",
        Status.ACCEPTED,
        "Agreed.",
    ),
    (
        "south-yorkshire",
        3,
        "Could this be shorter?",
        Status.DECLINED,
        "It is already the short version; the detail is in the linked workspace.",
    ),
    (
        "birmingham-and-solihull",
        None,
        "Thank you: much clearer than the last version.",
        Status.ANSWERED,
        "Thank you for saying so.",
    ),
]


def _author(users: dict, key: str) -> User | None:
    """An NST account by email, or a vanguard's SRO by the vanguard's slug."""
    return users.get(key) or User.objects.filter(email=f"sro.{key}@example.com").first()


def _seed_panels(learning: User) -> dict[str, list[PanelMember]]:
    if not PanelMember.objects.exists():
        for panel, people in PANEL_MEMBERS.items():
            for name, expertise, organisation in people:
                panel_services.panel_member_save(
                    actor=learning,
                    panel=panel,
                    data={"full_name": name, "expertise": expertise, "organisation": organisation},
                )
    return {panel: list(PanelMember.objects.filter(panel=panel)) for panel in Panel}


def _seed_reviews(learning, members, versions: list[ToolkitVersion]) -> None:
    if any(version.panel_reviews.exists() for version in versions):
        return
    summaries = {
        Panel.EXPERT: (
            "Practical and well evidenced. The outcome measures match what evaluators will ask "
            "for.",
            "Add a worked example for MSK pathways; say more about small employers.",
        ),
        Panel.LIVED_EXPERIENCE: (
            "Readable, and it talks about people rather than caseloads. The return to work plan "
            "is the item we would most want our own employers to use.",
            "Ask participants to co-write the plan; avoid 'cases' in participant materials.",
        ),
    }
    for version in versions:
        reviewed_on = min(version.quarter.start + datetime.timedelta(days=40), timezone.localdate())
        for panel, (summary, recommendations) in summaries.items():
            panel_services.panel_review_record(
                actor=learning,
                version=version,
                panel=panel,
                reviewers=members[panel][:3],
                reviewed_on=reviewed_on,
                summary=summary,
                recommendations=recommendations,
            )


def _answer(learning, comment, status, response):
    if status != Status.OPEN:
        return consultation_services.comment_answer(
            actor=learning, comment=comment, status=status, response=response
        )
    return comment


def _seed_current(learning, users, current: ToolkitVersion) -> None:
    items = list(current.items.order_by("order", "title"))
    for n, (author_key, index, text, status, response) in enumerate(CURRENT_COMMENTS):
        author = _author(users, author_key)
        if author is None:
            continue
        item = items[index % len(items)] if index is not None else None
        comment = consultation_services.comment_add(
            author=author, version=current, item=item, text=text
        )
        _answer(learning, comment, status, response)
        # Spread over the consultation so far (the newest first in the list).
        sent = timezone.now() - datetime.timedelta(days=2 * (len(CURRENT_COMMENTS) - n), hours=n)
        answered = sent + datetime.timedelta(days=1) if status != Status.OPEN else None
        ConsultationComment.objects.filter(pk=comment.pk).update(
            created_at=sent, answered_at=answered
        )


def _seed_previous(learning, users, previous: ToolkitVersion, current: ToolkitVersion) -> None:
    # The items of the previous version that the current one changed, so each accepted comment
    # is linked to a real change (copies share their lineage).
    comparison = compare_toolkit_versions(previous, current)
    changed = [(change.old, change.new) for change in comparison.changed]
    unchanged = list(previous.items.order_by("order", "title"))
    comment_day = timezone.make_aware(
        datetime.datetime.combine(
            previous.quarter.start + datetime.timedelta(days=50), datetime.time(11)
        )
    )
    for n, (author_key, index, text, status, response) in enumerate(PREVIOUS_COMMENTS):
        author = _author(users, author_key)
        if author is None:
            continue
        if status == Status.ACCEPTED and changed:
            old_item, new_item = changed[n % len(changed)]
        else:
            old_item = unchanged[index % len(unchanged)] if index is not None else None
            new_item = None
        comment = ConsultationComment.objects.create(
            version=previous,
            item=old_item,
            item_title=old_item.title if old_item else "",
            author=author,
            vanguard_id=getattr(getattr(author, "vanguard_membership", None), "vanguard_id", None),
            text=text,
        )
        ConsultationComment.objects.filter(pk=comment.pk).update(created_at=comment_day)
        comment = _answer(learning, comment, status, response)
        if new_item is not None:
            consultation_services.comment_link_change(
                actor=learning, comment=comment, item=new_item
            )


def seed_consultation(registry: dict) -> None:
    """Comments on the current and previous consultations, the panels and their reviews."""
    versions = list(ToolkitVersion.objects.all())
    users = registry["users"]
    learning = users["learning@example.com"]
    members = _seed_panels(learning)
    current = next((v for v in versions if v.status == ToolkitVersion.Status.CONSULTATION), None)
    released = [v for v in versions if v.status in ToolkitVersion.LOCKED]
    previous = max(released, key=lambda v: (v.major, v.minor)) if released else None
    _seed_reviews(learning, members, [v for v in (previous, current) if v is not None])
    if ConsultationComment.objects.exists() or current is None:
        return
    _seed_current(learning, users, current)
    if previous is not None:
        _seed_previous(learning, users, previous, current)
