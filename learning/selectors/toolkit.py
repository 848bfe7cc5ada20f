"""Reads for the WorkWell toolkit: the versions a user may see, a version's items (searched and
filtered), one item, and the comparison of two versions item by item ("what changed")."""

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Prefetch, Q, QuerySet, Subquery
from django.http import Http404

from maturity.models import Dimension, FrameworkVersion
from vanguards import permissions
from vanguards.models import SupportOffer
from workwell.compiled import Compiled

from ..models import ToolkitItem, ToolkitVersion
from ..models.toolkit import VERSION_NUMBER

# --- Versions -------------------------------------------------------------------------------


def toolkit_versions_for(*, user) -> list[ToolkitVersion]:
    """Every version the user may see, newest first (one query)."""
    return _versions_read(permissions.toolkit_version_rule(user))()


@lru_cache(maxsize=16)
def _versions_read(rule: Q) -> Compiled | Callable[[], list]:
    """The versions under `rule` (which holds only the viewer's role), newest first, compiled
    once per process for each rule: building and compiling it was a tenth of a toolkit page."""
    versions = ToolkitVersion.objects.filter(rule).order_by("-major", "-minor")
    try:
        return Compiled(versions)
    except EmptyResultSet:  # a rule that can match nothing has no SQL
        return list


def toolkit_current(versions: list[ToolkitVersion]) -> ToolkitVersion | None:
    """The published version among `versions` (from toolkit_versions_for: no query)."""
    return next((v for v in versions if v.status == ToolkitVersion.Status.PUBLISHED), None)


def toolkit_open(versions: list[ToolkitVersion]) -> ToolkitVersion | None:
    """The version being drafted or consulted on among `versions` (no query)."""
    return next((v for v in versions if v.is_open), None)


def toolkit_previous(version: ToolkitVersion, versions: list[ToolkitVersion]):
    """The version before `version` among `versions` (newest first), or None."""
    older = [v for v in versions if (v.major, v.minor) < (version.major, version.minor)]
    return older[0] if older else None


def get_toolkit_version_or_404(user, number: str) -> ToolkitVersion:
    """A version the user may see, by number; 404 for unknown and invisible versions alike."""
    versions = permissions.toolkit_versions_visible_to(
        user, ToolkitVersion.objects.select_related("published_by")
    )
    # Anything not shaped like a number (a NUL byte, a long string) never reaches the database.
    version = versions.filter(number=number).first() if VERSION_NUMBER.fullmatch(number) else None
    if version is None:
        raise Http404("No toolkit version matches that address.")
    return version


# --- Items ----------------------------------------------------------------------------------


def toolkit_items_for_list(*, version: ToolkitVersion) -> QuerySet[ToolkitItem]:
    """A version's items, in the learning team's order: the page reads its rows' values with
    their themes' names in one query (tables.toolkit.ToolkitItemTable.page_cells)."""
    return (
        ToolkitItem.objects.filter(version=version)
        .only("version_id", "title", "kind", "summary", "order", "lineage")
        .order_by("order", "title")
    )


def search_text(
    queryset: QuerySet, text: str, *, weights: dict[str, str], order: tuple[str, ...]
) -> QuerySet:
    """Rows matching `text` in the `weights` fields ({field: "A"|"B"|"C"|"D"}), best first: the
    portal's one search (the toolkit's items, the peer exchange's questions and answers).

    On PostgreSQL: full-text search, English stemming, a match in an "A" field weighs more
    than one in a "B" field, and so on. Elsewhere (SQLite in development): every word must
    appear in some field, in `order`.
    """
    text = text.strip()[:200]
    if not text:
        return queryset
    if connection.vendor == "postgresql":
        vectors = [
            SearchVector(field, weight=weight, config="english")
            for field, weight in weights.items()
        ]
        vector = vectors[0]
        for more in vectors[1:]:
            vector += more
        query = SearchQuery(text, search_type="websearch", config="english")
        # Match with @@ (ts_rank gives non-matching rows a tiny rank, not 0).
        return (
            queryset.annotate(search=vector, rank=SearchRank(vector, query))
            .filter(search=query)
            .order_by("-rank", *order)
        )
    for word in text.split()[:10]:
        anywhere = Q()
        for name in weights:
            anywhere |= Q(**{f"{name}__icontains": word})
        queryset = queryset.filter(anywhere)
    return queryset


def search_toolkit_items(items: QuerySet[ToolkitItem], text: str) -> QuerySet[ToolkitItem]:
    """Items matching `text` in their title, summary or body, best first: a title match weighs
    more than one in the summary, which weighs more than one in the body."""
    weights = {"title": "A", "summary": "B", "body": "C"}
    return search_text(items, text, weights=weights, order=("order", "title"))


def get_toolkit_item_or_404(*, version: ToolkitVersion, pk: int) -> ToolkitItem:
    """An item of a version the caller has already fetched through get_toolkit_version_or_404."""
    item = (
        ToolkitItem.objects.filter(version=version, pk=pk)
        .prefetch_related(
            Prefetch("themes", to_attr="theme_list"),
            Prefetch(
                "dimensions",
                queryset=Dimension.objects.select_related("framework"),
                to_attr="dimension_list",
            ),
            Prefetch(
                "support_offers", queryset=SupportOffer.objects.only("title"), to_attr="offer_list"
            ),
        )
        .first()
    )
    if item is None:
        raise Http404("No toolkit item matches that address.")
    item.version = version
    return item


def toolkit_item_versions(*, user, item: ToolkitItem) -> list[ToolkitItem]:
    """The same item (same lineage) in the other versions the user may see, newest first."""
    others = (
        ToolkitItem.objects.filter(lineage=item.lineage)
        .exclude(pk=item.pk)
        .select_related("version")
        .only("pk", "title", "version__number", "version__quarter_start", "version__status")
        .order_by("-version__major", "-version__minor")
    )
    return list(permissions.toolkit_items_visible_to(user, others))


def toolkit_dimension_choices(*, also=()) -> QuerySet[Dimension]:
    """The dimensions of the current Maturity Assessment Matrix (one query: the framework is
    a subquery), and any in `also` (those an item already serves from an older framework)."""
    current = (
        FrameworkVersion.objects.filter(status=FrameworkVersion.Status.PUBLISHED)
        .order_by("-published_at", "-pk")
        .values("pk")[:1]
    )
    return Dimension.objects.filter(
        Q(framework=Subquery(current)) | Q(pk__in=[d.pk for d in also])
    ).order_by("framework__pk", "order")


# --- What changed ---------------------------------------------------------------------------

# Words, and line breaks as tokens of their own (so a list item moved to a new line shows).
WORD = re.compile(r"\S+|\n")


@dataclass
class WordChange:
    """A run of words of a text, marked as the same, added or removed."""

    kind: str  # "same", "added", "removed"
    text: str


@dataclass
class FieldChange:
    name: str  # "Title", "Summary", "Text"
    words: list[WordChange]


@dataclass
class ItemChange:
    old: ToolkitItem
    new: ToolkitItem
    fields: list[FieldChange] = field(default_factory=list)
    other_changes: list[str] = field(default_factory=list)


@dataclass
class Comparison:
    old: ToolkitVersion
    new: ToolkitVersion
    added: list[ToolkitItem]
    removed: list[ToolkitItem]
    changed: list[ItemChange]
    unchanged: int


def word_diff(old: str, new: str) -> list[WordChange]:
    """`old` → `new` word by word: runs of words kept, removed and added. Spaces between words
    are not a change; line breaks are kept in the runs, for the page to show."""
    old_words, new_words = WORD.findall(old or ""), WORD.findall(new or "")
    matcher = difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False)
    runs = []
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            runs.append(WordChange("same", " ".join(old_words[a1:a2])))
            continue
        if op in ("delete", "replace"):
            runs.append(WordChange("removed", " ".join(old_words[a1:a2])))
        if op in ("insert", "replace"):
            runs.append(WordChange("added", " ".join(new_words[b1:b2])))
    return runs


_TEXT_FIELDS = (("title", "Title"), ("summary", "Summary"), ("body", "Text"))
_OTHER_FIELDS = (
    ("kind", "Kind"),
    ("bands", "Maturity bands"),
    ("theme_ids", "Programme themes"),
    ("dimension_ids", "Maturity dimensions"),
    ("offer_ids", "Support offers"),
    ("link_url", "Link"),
    ("link_text", "Link text"),
    ("file", "File"),
)


def _items_to_compare(version: ToolkitVersion) -> list[ToolkitItem]:
    items = list(
        ToolkitItem.objects.filter(version=version)
        .prefetch_related("themes", "dimensions", "support_offers")
        .order_by("order", "title")
    )
    for item in items:
        item.theme_ids = sorted(t.pk for t in item.themes.all())
        item.dimension_ids = sorted(d.pk for d in item.dimensions.all())
        item.offer_ids = sorted(o.pk for o in item.support_offers.all())
    return items


def _item_change(old: ToolkitItem, new: ToolkitItem) -> ItemChange | None:
    change = ItemChange(old=old, new=new)
    for name, label in _TEXT_FIELDS:
        if getattr(old, name) != getattr(new, name):
            change.fields.append(
                FieldChange(label, word_diff(getattr(old, name), getattr(new, name)))
            )
    for name, label in _OTHER_FIELDS:
        if getattr(old, name) != getattr(new, name):
            change.other_changes.append(label)
    return change if change.fields or change.other_changes else None


def compare_toolkit_versions(old: ToolkitVersion, new: ToolkitVersion) -> Comparison:
    """What changed from `old` to `new`, item by item. Items are matched by lineage (a copy
    keeps the lineage of the item it was copied from, however many versions back)."""
    old_items, new_items = _items_to_compare(old), _items_to_compare(new)
    old_by_lineage = {item.lineage: item for item in old_items}
    new_lineages = {item.lineage for item in new_items}
    added, changed, unchanged = [], [], 0
    for item in new_items:
        before = old_by_lineage.get(item.lineage)
        if before is None:
            added.append(item)
        elif change := _item_change(before, item):
            changed.append(change)
        else:
            unchanged += 1
    removed = [item for item in old_items if item.lineage not in new_lineages]
    return Comparison(old, new, added, removed, changed, unchanged)
