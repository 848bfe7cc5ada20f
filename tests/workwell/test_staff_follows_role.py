"""Staff and superuser status follow the role (issue 7, item 5): an admin is both, every other
role neither, however the role is changed — the Django admin, portal forms or services."""

import pytest

from tests.factories import UserFactory
from workwell.models import Role, User

pytestmark = pytest.mark.django_db


def change_form_data(user, **changes) -> dict:
    """What the Django admin's change form posts for `user`, as a browser would send it: every
    field as shown (staff and superuser ticked if they were), with `changes` applied."""
    data = {
        "email": user.email,
        "full_name": user.full_name,
        "role": user.role,
        "is_active": "on",
        "is_staff": "on" if user.is_staff else "",
        "is_superuser": "on" if user.is_superuser else "",
        "_save": "Save",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value != ""}


@pytest.mark.parametrize("role", [role for role in Role.values if role != Role.ADMIN])
def test_an_admin_given_another_role_in_the_django_admin_loses_staff(client, admin_user, role):
    former = UserFactory(role=Role.ADMIN, full_name="Fay Former")
    assert former.is_staff and former.is_superuser
    client.force_login(admin_user)
    response = client.post(
        f"/admin/workwell/user/{former.pk}/change/", change_form_data(former, role=role)
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    former.refresh_from_db()
    assert (former.role, former.is_staff, former.is_superuser) == (role, False, False)
    # and they are turned away from the Django admin
    client.force_login(former)
    assert client.get("/admin/").status_code == 302


def test_someone_made_an_admin_in_the_django_admin_becomes_staff(client, admin_user):
    promoted = UserFactory(role=Role.RM, full_name="Pip Promoted")
    client.force_login(admin_user)
    response = client.post(
        f"/admin/workwell/user/{promoted.pk}/change/",
        change_form_data(promoted, role=Role.ADMIN),
    )
    assert response.status_code == 302
    promoted.refresh_from_db()
    assert promoted.is_staff and promoted.is_superuser


def test_staff_cannot_be_ticked_by_hand_for_another_role(client, admin_user):
    rm = UserFactory(role=Role.RM, full_name="Rob Manager")
    client.force_login(admin_user)
    data = change_form_data(rm, is_staff="on", is_superuser="on")
    client.post(f"/admin/workwell/user/{rm.pk}/change/", data)
    rm.refresh_from_db()
    assert not (rm.is_staff or rm.is_superuser)


def test_a_role_changed_by_a_service_or_the_shell_moves_staff_with_it(db):
    user = User.objects.create_user(email="sam@example.com", full_name="Sam", role=Role.ADMIN)
    assert user.is_staff and user.is_superuser
    user.role = Role.LEARNING
    user.save(update_fields=["role"])
    user.refresh_from_db()
    assert not (user.is_staff or user.is_superuser)
