"""The touchpoints a sent form's measurement saves, deleted after it (benchmarks/throughput.py)
and before a run that reuses its database, so that they do not pile up on the vanguard they
name: twenty runs had given it 20,000 touchpoints more than any other, and its pages (the
profile's timeline, its RM's home) read them all whenever nothing is kept."""

from django.db import transaction
from django.db.models import Q
from django.test import override_settings

from vanguards.models import Action, Touchpoint

# The summaries the bench (wrk's script, and its first request) and the profiler give them.
SENT = Q(summary__startswith="Bench touchpoint ") | Q(summary__startswith="Profiled touchpoint ")


@override_settings(SIMPLE_HISTORY_ENABLED=False)  # no record of deleting what was never real
@transaction.atomic
def delete_sent_touchpoints() -> int:
    """Delete them, their actions and the history records of both; give how many there were."""
    ids = list(Touchpoint.objects.filter(SENT).values_list("pk", flat=True))
    actions = list(Action.objects.filter(touchpoint_id__in=ids).values_list("pk", flat=True))
    Action.objects.filter(pk__in=actions).delete()
    Action.history.filter(id__in=actions).delete()
    Touchpoint.objects.filter(pk__in=ids).delete()
    records = Touchpoint.history.filter(id__in=ids)
    # Their records' rows of vanguards and themes: not deleted with the records (no key).
    for field in records.model._history_m2m_fields:
        getattr(records.model, field.name).model.objects.filter(history__in=records).delete()
    records.delete()
    return len(ids)
