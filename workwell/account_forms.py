"""allauth's password and two-factor forms with GOV.UK wording: sentence-case labels and error
messages that say what to do ("Enter your current password"), not "This field is required."
Wired up by ACCOUNT_FORMS and MFA_FORMS in settings."""

from allauth.account import forms as account_forms
from allauth.mfa.base import forms as mfa_forms
from allauth.mfa.totp import forms as totp_forms

NEW_PASSWORD = ("New password", "Enter a new password")
CONFIRM_PASSWORD = ("Confirm new password", "Enter your new password again")
CODE = ("Code from your authenticator app", "Enter the 6-digit code from your authenticator app")


class GovukWording:
    """Set each named field's label and "required" message: {field name: (label, message)}."""

    wording: dict[str, tuple[str, str]] = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, (label, required) in self.wording.items():
            if name in self.fields:
                self.fields[name].label = label
                self.fields[name].error_messages["required"] = required


class ChangePasswordForm(GovukWording, account_forms.ChangePasswordForm):
    wording = {
        "oldpassword": ("Current password", "Enter your current password"),
        "password1": NEW_PASSWORD,
        "password2": CONFIRM_PASSWORD,
    }


class SetPasswordForm(GovukWording, account_forms.SetPasswordForm):
    wording = {
        "password1": ("Password", "Enter a password"),
        "password2": ("Confirm password", "Enter your password again"),
    }


class ResetPasswordKeyForm(GovukWording, account_forms.ResetPasswordKeyForm):
    wording = {"password1": NEW_PASSWORD, "password2": CONFIRM_PASSWORD}


class ResetPasswordForm(GovukWording, account_forms.ResetPasswordForm):
    wording = {"email": ("Email address", "Enter your email address")}


class LoginForm(GovukWording, account_forms.LoginForm):
    wording = {
        "login": ("Email address", "Enter your email address"),
        "password": ("Password", "Enter your password"),
    }


class AuthenticateForm(GovukWording, mfa_forms.AuthenticateForm):
    wording = {"code": CODE}


class ReauthenticateForm(GovukWording, mfa_forms.ReauthenticateForm):
    wording = {"code": CODE}


class ActivateTOTPForm(GovukWording, totp_forms.ActivateTOTPForm):
    wording = {"code": CODE}
