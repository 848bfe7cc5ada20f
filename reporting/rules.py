"""The quarterly return's validation rules, written once: the strand form, the sign-off and
the bulk upload all ask `figure_problems`. A draft may be saved with problems; a return cannot
be signed off, and an upload is not saved, while any remain."""

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from .models.returns import CONDITIONS, ETHNIC_GROUPS, FIGURES

LABELS = dict(FIGURES)

# rule key -> what the rule says, for grouping problems (the upload preview groups by rule).
RULES = {
    "required": "Every figure is entered",
    "not_negative": "No negative figures",
    "starts_within_referrals": "Starts are no more than referrals",
    "work_status_adds_up": "Starts in work and out of work add up to starts",
    "conditions_add_up": "Starts by health condition add up to starts",
    "ethnicity_adds_up": "Starts by ethnic group add up to starts",
    "remained_within_in_work_starts": "Remained in work is no more than in-work starts to date",
    "entered_within_out_of_work_starts": (
        "Entered work is no more than out-of-work starts to date"
    ),
    "satisfied_within_responses": "Participants satisfied are no more than responses",
}


@dataclass(frozen=True)
class Problem:
    rule: str  # a key of RULES
    field: str  # the figure the message belongs to
    message: str


def _name(field: str) -> str:
    label = LABELS[field]
    return label[0].lower() + label[1:] if not label.startswith("Starts:") else label.lower()


def figure_problems(
    figures: Mapping[str, int | Decimal | None],
    *,
    earlier_in_work_starts: int = 0,
    earlier_out_of_work_starts: int = 0,
    require_all: bool = False,
) -> list[Problem]:
    """Every broken rule in one strand's figures for one quarter. `earlier_*` are the strand's
    starts in earlier quarters (for the cumulative rules); `require_all` adds a problem for each
    empty figure (at sign-off and in uploads)."""
    problems = []
    value = {field: figures.get(field) for field, _ in FIGURES}
    for field, label in FIGURES:
        if value[field] is None:
            if require_all:
                problems.append(Problem("required", field, f"Enter {_name(field)}"))
        elif value[field] < 0:
            problems.append(
                Problem("not_negative", field, f"{label} must be 0 or more, not {value[field]}")
            )

    def known(*fields) -> bool:
        return all(value[f] is not None and value[f] >= 0 for f in fields)

    starts = value["starts"]
    if known("starts", "referrals") and starts > value["referrals"]:
        problems.append(
            Problem(
                "starts_within_referrals",
                "starts",
                f"Starts ({starts}) must be no more than referrals ({value['referrals']}): "
                "check both figures",
            )
        )
    if known("starts", "starts_in_work", "starts_out_of_work"):
        in_out = value["starts_in_work"] + value["starts_out_of_work"]
        if in_out != starts:
            problems.append(
                Problem(
                    "work_status_adds_up",
                    "starts_in_work",
                    f"Starts in work and out of work add up to {in_out}, but starts are "
                    f"{starts}: they must add up to starts",
                )
            )
    for rule, fields, what in (
        ("conditions_add_up", CONDITIONS, "health condition"),
        ("ethnicity_adds_up", ETHNIC_GROUPS, "ethnic group"),
    ):
        if known("starts", *fields):
            total = sum(value[f] for f in fields)
            if total != starts:
                problems.append(
                    Problem(
                        rule,
                        fields[0],
                        f"Starts by {what} add up to {total}, but starts are {starts}: "
                        "they must add up to starts",
                    )
                )
    for rule, field, start_field, earlier, what in (
        (
            "remained_within_in_work_starts",
            "remained_in_work",
            "starts_in_work",
            earlier_in_work_starts,
            "in work",
        ),
        (
            "entered_within_out_of_work_starts",
            "entered_work",
            "starts_out_of_work",
            earlier_out_of_work_starts,
            "out of work",
        ),
    ):
        if known(field, start_field):
            to_date = earlier + value[start_field]
            if value[field] > to_date:
                problems.append(
                    Problem(
                        rule,
                        field,
                        f"{LABELS[field]} ({value[field]}) must be no more than the starts "
                        f"{what} to date ({to_date}, this quarter included): check "
                        f"{_name(field)} and this quarter's {_name(start_field)}",
                    )
                )
    if (
        known("satisfied", "satisfaction_responses")
        and value["satisfied"] > value["satisfaction_responses"]
    ):
        problems.append(
            Problem(
                "satisfied_within_responses",
                "satisfied",
                f"Participants satisfied ({value['satisfied']}) must be no more than "
                f"satisfaction responses ({value['satisfaction_responses']}): check both figures",
            )
        )
    return problems
