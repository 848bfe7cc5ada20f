from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.urls import include, path

from . import views

# The Django admin signs in through allauth, so the same rate limits and two-factor rules apply.
admin.site.login = secure_admin_login(admin.site.login)
admin.site.site_header = "WorkWell National Support Portal admin"
admin.site.site_title = "WorkWell admin"

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("accessibility/", views.accessibility_statement, name="accessibility"),
    path("accounts/invitation/<str:token>/", views.accept_invitation, name="accept_invitation"),
    path("accounts/email/", login_required(views.email_managed_by_pmo), name="account_email"),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("vanguards/", include("vanguards.urls")),
    path("touchpoints/", include("vanguards.urls_touchpoints")),
    path("actions/", include("vanguards.urls_actions")),
    path("support-requests/", include("vanguards.urls_support")),
    path("maturity/", include("maturity.urls")),
    path("learning/offers/", include("vanguards.urls_offers")),
    path("learning/", include("learning.urls")),
    path("feedback/", include("feedback.urls")),
    path("plans/", include("plans.urls")),
    path("api/v1/", include("api.urls")),
    path("api/tokens/", include("api.urls_tokens")),
    path("", include("reporting.urls")),
]

handler404 = "workwell.views.page_not_found"
handler500 = "workwell.views.server_error"
