"""Personal API tokens: list your own, make one (its secret shown once), revoke one; admins
see and revoke everyone's."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache

from vanguards import permissions

from .. import presenters, selectors
from ..forms import RevokeForm, TokenForm
from ..models import ApiToken
from ..services import ApiTokenError, token_create, token_revoke


def _require(allowed: bool):
    if not allowed:
        raise Http404


@login_required
def token_list(request):
    _require(permissions.may_make_api_tokens(request.user))
    context = {
        "table": presenters.token_table(
            selectors.own_tokens(user=request.user), now=timezone.now(), show_owner=False
        ),
        "may_manage_all": permissions.may_manage_all_api_tokens(request.user),
    }
    return render(request, "api/token_list.html", context)


@never_cache
@login_required
def token_new(request):
    _require(permissions.may_make_api_tokens(request.user))
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            token, secret = token_create(owner=request.user, **form.cleaned_data)
        except ApiTokenError as error:
            form.add_error(error.field, error.message)
        else:
            # Shown in this response only: the secret is never stored, so there is no page
            # to come back to (never_cache keeps it out of the browser's cache).
            return render(request, "api/token_made.html", {"token": token, "secret": secret})
    return render(request, "api/token_form.html", {"form": form})


@login_required
def token_revoke_confirm(request, pk):
    token = permissions.get_api_token_or_404(
        request.user, ApiToken.objects.select_related("owner"), pk
    )
    # Bound on any POST: the form has no fields, so its data is empty.
    form = RevokeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            token_revoke(token=token, by=request.user)
        except ApiTokenError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, f"The token “{token.name}” has been revoked.")
            return redirect(
                "api_tokens:everyone" if token.owner_id != request.user.pk else "api_tokens:list"
            )
    # Back to the list the token was shown in: an admin revoking someone's, everyone's.
    back = "api_tokens:everyone" if token.owner_id != request.user.pk else "api_tokens:list"
    return render(
        request, "api/token_revoke.html", {"form": form, "token": token, "back_url": reverse(back)}
    )


@login_required
def token_admin_list(request):
    _require(permissions.may_manage_all_api_tokens(request.user))
    context = {
        "table": presenters.token_table(
            selectors.everyones_tokens(user=request.user), now=timezone.now(), show_owner=True
        ),
    }
    return render(request, "api/token_admin_list.html", context)
