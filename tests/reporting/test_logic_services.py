"""Logic models' rules, through the services: drafting, items, agreeing (final), the next
draft copied from the agreed version, comments, and who may do each."""

import pytest

from reporting.models import LogicComment, LogicItem, LogicModelVersion
from reporting.models.logic import LogicModelLocked
from reporting.services.logic import (
    MAX_ITEMS_PER_COLUMN,
    LogicModelError,
    logic_comment_add,
    logic_draft_start,
    logic_item_add,
    logic_item_remove,
    logic_item_update,
    logic_version_agree,
)

Column = LogicItem.Column


def complete_draft(vanguard, actor) -> LogicModelVersion:
    """A draft with one item in every column, the outcome linked to a measure."""
    draft = logic_draft_start(vanguard=vanguard, actor=actor)
    for column in Column:
        logic_item_add(version=draft, actor=actor, column=column, text=f"One {column.label}")
    outcome = draft.items.get(column=Column.OUTCOMES)
    logic_item_update(
        item=outcome,
        actor=actor,
        text="More people stay in work",
        measure_key="remained_in_work_to_date",
    )
    return draft


def test_the_rm_starts_an_empty_first_draft(rm, vanguard_a):
    draft = logic_draft_start(vanguard=vanguard_a, actor=rm)
    assert (draft.number, draft.status, draft.based_on) == (1, "draft", None)
    assert not draft.items.exists()


def test_a_second_draft_is_refused_while_one_is_open(rm, vanguard_a):
    logic_draft_start(vanguard=vanguard_a, actor=rm)
    with pytest.raises(LogicModelError, match="already has a draft"):
        logic_draft_start(vanguard=vanguard_a, actor=rm)


@pytest.mark.parametrize("who", ["member_a", "programme_lead", "learning_user", "rm_lead"])
def test_only_the_rm_side_starts_a_draft(request, who, vanguard_a):
    actor = request.getfixturevalue(who)
    if who == "rm_lead":  # the RM lead acts for every vanguard
        assert logic_draft_start(vanguard=vanguard_a, actor=actor).is_draft
        return
    with pytest.raises(LogicModelError, match="relationship manager"):
        logic_draft_start(vanguard=vanguard_a, actor=actor)


def test_another_groups_rm_cannot_start_a_draft(rm, vanguard_b):
    with pytest.raises(LogicModelError):
        logic_draft_start(vanguard=vanguard_b, actor=rm)


def test_the_vanguard_refines_the_draft(rm, member_a, vanguard_a):
    draft = logic_draft_start(vanguard=vanguard_a, actor=rm)
    item = logic_item_add(version=draft, actor=member_a, column="outputs", text=" Referrals ")
    logic_item_update(
        item=item, actor=member_a, text="Referrals taken", measure_key="starts_to_date"
    )
    item.refresh_from_db()
    assert (item.text, item.measure_key, item.position) == ("Referrals taken", "starts_to_date", 0)
    second = logic_item_add(version=draft, actor=rm, column="outputs", text="Starts")
    assert second.position == 1


def test_another_vanguards_member_cannot_change_the_draft(rm, member_b, vanguard_a):
    draft = logic_draft_start(vanguard=vanguard_a, actor=rm)
    with pytest.raises(LogicModelError):
        logic_item_add(version=draft, actor=member_b, column="inputs", text="Money")
    assert not draft.items.exists()


def test_only_outputs_and_outcomes_name_a_measure(rm, vanguard_a):
    draft = logic_draft_start(vanguard=vanguard_a, actor=rm)
    with pytest.raises(LogicModelError, match="Only outputs and outcomes") as error:
        logic_item_add(
            version=draft, actor=rm, column="inputs", text="Funding", measure_key="starts_to_date"
        )
    assert error.value.field == "measure_key"
    with pytest.raises(LogicModelError, match="from the list"):
        logic_item_add(
            version=draft, actor=rm, column="outcomes", text="X", measure_key="spend_to_date"
        )


def test_an_item_needs_words(rm, vanguard_a):
    draft = logic_draft_start(vanguard=vanguard_a, actor=rm)
    with pytest.raises(LogicModelError, match="Enter what this item is"):
        logic_item_add(version=draft, actor=rm, column="inputs", text="   ")


def test_each_column_stays_short(rm, vanguard_a):
    draft = logic_draft_start(vanguard=vanguard_a, actor=rm)
    for number in range(MAX_ITEMS_PER_COLUMN):
        logic_item_add(version=draft, actor=rm, column="impact", text=f"Impact {number}")
    with pytest.raises(LogicModelError, match="already has 8 items"):
        logic_item_add(version=draft, actor=rm, column="impact", text="One too many")


def test_agreeing_needs_every_column(rm, vanguard_a):
    draft = logic_draft_start(vanguard=vanguard_a, actor=rm)
    logic_item_add(version=draft, actor=rm, column="inputs", text="Funding")
    with pytest.raises(LogicModelError, match="Add at least one item to activities"):
        logic_version_agree(version=draft, actor=rm)
    draft.refresh_from_db()
    assert draft.is_draft


def test_members_refine_but_do_not_agree(rm, member_a, vanguard_a):
    draft = complete_draft(vanguard_a, rm)
    with pytest.raises(LogicModelError, match="relationship manager"):
        logic_version_agree(version=draft, actor=member_a)


def test_an_agreed_version_is_final(rm, rm_lead, admin_user, vanguard_a):
    draft = complete_draft(vanguard_a, rm)
    agreed = logic_version_agree(version=draft, actor=rm)
    assert (agreed.status, agreed.agreed_by) == ("agreed", rm)
    assert agreed.agreed_at is not None
    item = agreed.items.get(column="inputs")
    for actor in (rm, rm_lead, admin_user):  # not even the RM lead or an admin
        with pytest.raises(LogicModelError, match="is agreed, so it cannot be changed"):
            logic_item_add(version=agreed, actor=actor, column="inputs", text="More")
        with pytest.raises(LogicModelError, match="is agreed"):
            logic_item_update(item=item, actor=actor, text="Changed")
        with pytest.raises(LogicModelError, match="is agreed"):
            logic_item_remove(item=item, actor=actor)
        with pytest.raises(LogicModelError, match="is agreed"):
            logic_version_agree(version=agreed, actor=actor)
    item.refresh_from_db()
    assert item.text == "One Inputs"
    assert agreed.items.count() == 5


def test_a_new_draft_copies_the_agreed_version(rm, member_a, vanguard_a):
    agreed = logic_version_agree(version=complete_draft(vanguard_a, rm), actor=rm)
    draft = logic_draft_start(vanguard=vanguard_a, actor=rm)
    assert (draft.number, draft.based_on, draft.status) == (2, agreed, "draft")
    copied = sorted(draft.items.values_list("column", "position", "text", "measure_key"))
    assert copied == sorted(agreed.items.values_list("column", "position", "text", "measure_key"))
    # Refining the copy leaves the agreed version as it was.
    outcome = draft.items.get(column="outcomes")
    logic_item_update(item=outcome, actor=member_a, text="Refined outcome")
    logic_item_remove(item=draft.items.get(column="impact"), actor=member_a)
    assert agreed.items.get(column="outcomes").text == "More people stay in work"
    assert agreed.items.filter(column="impact").exists()


def test_the_next_draft_copies_the_latest_agreed(rm, vanguard_a):
    logic_version_agree(version=complete_draft(vanguard_a, rm), actor=rm)
    second = logic_draft_start(vanguard=vanguard_a, actor=rm)
    logic_item_add(version=second, actor=rm, column="impact", text="Second impact")
    logic_version_agree(version=second, actor=rm)
    third = logic_draft_start(vanguard=vanguard_a, actor=rm)
    assert third.based_on == second
    assert third.items.filter(text="Second impact").exists()


def test_history_keeps_who_changed_each_item(rm, member_a, vanguard_a):
    draft = logic_draft_start(vanguard=vanguard_a, actor=rm)
    item = logic_item_add(version=draft, actor=rm, column="inputs", text="Funding")
    logic_item_update(item=item, actor=member_a, text="Funding and staff")
    pk = item.pk
    logic_item_remove(item=item, actor=member_a)
    records = LogicItem.history.filter(id=pk).order_by("history_date")
    assert [(r.history_type, r.text, r.history_user) for r in records] == [
        ("+", "Funding", rm),
        ("~", "Funding and staff", member_a),
        ("-", "Funding and staff", member_a),
    ]


def test_both_sides_comment_on_drafts_and_agreed_versions(rm, member_a, vanguard_a):
    draft = complete_draft(vanguard_a, rm)
    logic_comment_add(version=draft, author=member_a, body="Add the GP link worker")
    agreed = logic_version_agree(version=draft, actor=rm)
    logic_comment_add(version=agreed, author=rm, body=" Revisit in Q3 ")
    assert list(LogicComment.objects.values_list("author", "body")) == [
        (member_a.pk, "Add the GP link worker"),
        (rm.pk, "Revisit in Q3"),
    ]


@pytest.mark.parametrize("who", ["member_b", "programme_lead", "learning_user", "regional_lead"])
def test_others_do_not_comment(request, who, rm, vanguard_a):
    draft = logic_draft_start(vanguard=vanguard_a, actor=rm)
    with pytest.raises(LogicModelError):
        logic_comment_add(version=draft, author=request.getfixturevalue(who), body="Hello")


def test_an_empty_comment_is_refused(rm, vanguard_a):
    draft = logic_draft_start(vanguard=vanguard_a, actor=rm)
    with pytest.raises(LogicModelError, match="Enter your comment") as error:
        logic_comment_add(version=draft, author=rm, body=" ")
    assert error.value.field == "body"


def test_the_models_refuse_to_change_an_agreed_version(rm, vanguard_a):
    """Not only the services: the shell, a bulk update or another app cannot change an agreed
    version or its items, as the toolkit's published versions are guarded."""
    version = complete_draft(vanguard_a, rm)
    logic_version_agree(version=version, actor=rm)
    item = version.items.get(column=Column.OUTCOMES)
    changes = [
        lambda: LogicModelVersion.objects.filter(pk=version.pk).update(number=9),
        lambda: LogicModelVersion.objects.filter(pk=version.pk).delete(),
        lambda: version.delete(),
        lambda: LogicItem.objects.filter(version=version).update(text="Changed"),
        lambda: LogicItem.objects.filter(pk=item.pk).delete(),
        lambda: item.delete(),
        lambda: LogicItem.objects.bulk_create(
            [LogicItem(version=version, column=Column.IMPACT, text="Slipped in")]
        ),
        lambda: LogicItem.objects.create(version=version, column=Column.IMPACT, text="Added"),
    ]
    for change in changes:
        with pytest.raises(LogicModelLocked):
            change()
    version.status = LogicModelVersion.Status.DRAFT
    with pytest.raises(LogicModelLocked):
        version.save()
    item.text = "Changed"
    with pytest.raises(LogicModelLocked):
        item.save()
    stored = LogicModelVersion.objects.get(pk=version.pk)
    assert (stored.number, stored.status) == (1, "agreed")
    assert LogicItem.objects.get(pk=item.pk).text == "More people stay in work"
    assert stored.items.count() == len(Column)


def test_the_next_draft_moves_freely_past_the_guard(rm, vanguard_a):
    """A draft's items change, and saving an agreed version unchanged is no change."""
    version = complete_draft(vanguard_a, rm)
    LogicItem.objects.filter(version=version).update(text="Bulk")  # a draft: allowed
    logic_version_agree(version=version, actor=rm)
    LogicModelVersion.objects.get(pk=version.pk).save()
    draft = logic_draft_start(vanguard=vanguard_a, actor=rm)
    assert draft.items.count() == len(Column)
    LogicItem.objects.filter(version=draft).update(text="Next round")
    assert set(draft.items.values_list("text", flat=True)) == {"Next round"}
