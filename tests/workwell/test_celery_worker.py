"""A real round trip through Redis to a Celery worker subprocess and back."""

import pytest

from tests.factories import UserFactory
from tests.worker import celery_worker  # noqa: F401 (a fixture)
from workwell.celery import app
from workwell.models import User

pytestmark = [
    pytest.mark.worker,
    # The test settings make this process eager, and Celery warns about that on send_task and
    # on .get(); send_task goes through the broker and the worker stores results regardless.
    pytest.mark.filterwarnings("ignore::celery.exceptions.AlwaysEagerIgnored"),
    pytest.mark.filterwarnings("ignore:Results are not stored in backend:RuntimeWarning"),
]

TIMEOUT = 30  # seconds


@pytest.mark.django_db
def test_worker_runs_a_task_and_reaches_the_database(celery_worker):  # noqa: F811
    result = app.send_task("workwell.tasks.worker_health")
    assert result.get(timeout=TIMEOUT) == {"database": "postgresql", "ok": True}


@pytest.mark.django_db
def test_worker_does_not_run_tasks_eagerly(celery_worker):  # noqa: F811
    # Only this process is eager: a task queued from inside the worker goes through Redis,
    # as in production.
    (config,) = app.control.inspect(destination=[celery_worker], timeout=5).conf().values()
    assert config["task_always_eager"] is False


# serialized_rollback: the flush at the end of a transactional test must not take the regions
# and themes that data migrations seed with it.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_worker_sees_committed_data(celery_worker):  # noqa: F811
    user = UserFactory()
    user.set_unusable_password()  # invited, has not chosen a password yet
    user.save()

    app.send_task("workwell.tasks.send_invitation_email", args=[user.pk]).get(timeout=TIMEOUT)

    # The worker stamped the invitation; its locmem email backend sent nothing out.
    assert User.objects.get(pk=user.pk).invited_at is not None
