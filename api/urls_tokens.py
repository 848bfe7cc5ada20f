"""Personal API tokens (the account pages for the data API), at /api/tokens/."""

from django.urls import path

from .views import tokens

app_name = "api_tokens"

urlpatterns = [
    path("", tokens.token_list, name="list"),
    path("new/", tokens.token_new, name="new"),
    path("all/", tokens.token_admin_list, name="everyone"),
    path("<int:pk>/revoke/", tokens.token_revoke_confirm, name="revoke"),
]
