"""Account services shared by every app."""

from django.db import transaction
from django.utils import timezone

from .models import User


def invitation_accept(*, user: User, password: str) -> None:
    """Set the invited person's first password; the invitation link stops working."""
    with transaction.atomic():
        user.set_password(password)
        user.save(update_fields=["password"])


def invitation_sent(*, user: User) -> None:
    User.objects.filter(pk=user.pk).update(invited_at=timezone.now())
