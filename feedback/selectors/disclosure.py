"""The small-numbers rule, in one place: any aggregate counting fewer responses than the
disclosure threshold (ProgrammeSettings.disclosure_threshold) shows as "too few responses" to
everyone but admins. Pages, exports and dashboards all show aggregates through `disclose`."""

from dataclasses import dataclass
from typing import Protocol

from vanguards import permissions
from vanguards.selectors.cadence import programme_settings

TOO_FEW = "Too few responses"


class Counted(Protocol):
    @property
    def count(self) -> int: ...


@dataclass(frozen=True)
class Withheld:
    """Stands in for an aggregate too small to show; it says so wherever it is printed."""

    count: None = None
    withheld: bool = True

    def __str__(self) -> str:
        return TOO_FEW


WITHHELD = Withheld()


def disclosure_threshold() -> int:
    """The fewest responses a group needs for its results to be shown (one query)."""
    return programme_settings().disclosure_threshold


def disclose(aggregate: Counted, user, *, threshold: int | None = None) -> Counted | Withheld:
    """`aggregate`, or WITHHELD when it counts fewer responses than the threshold and `user`
    is not an admin. Pass `threshold` when disclosing many, to read the setting once."""
    return disclosed(
        aggregate, small_numbers=permissions.sees_small_numbers(user), threshold=threshold
    )


def disclosed(
    aggregate: Counted, *, small_numbers: bool, threshold: int | None = None
) -> Counted | Withheld:
    """`disclose` for a viewer who does or does not see small numbers: what a result shared by
    everyone who sees the same takes of the viewer, so that its key is right by construction."""
    if small_numbers:
        return aggregate
    if threshold is None:
        threshold = disclosure_threshold()
    return aggregate if aggregate.count >= threshold else WITHHELD
