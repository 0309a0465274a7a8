from allauth.account.forms import LoginForm as AllauthLoginForm
from allauth.account.forms import RequestLoginCodeForm as AllauthRequestLoginCodeForm
from crispy_forms.helper import FormHelper
from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.models import BodyPolicy, Invitation
from accounts.policy import mfa_required
from members.models import Membership, Role


class LoginForm(AllauthLoginForm):
    """allauth's sign-in form, labelled in our words (the page links the password reset)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        login = self.fields["login"]
        login.label = _("Username or email")
        login.widget.attrs.pop("placeholder", None)
        login.widget.attrs.update({"autocomplete": "username", "autocapitalize": "none"})
        password = self.fields["password"]
        password.help_text = ""
        password.widget.attrs.pop("placeholder", None)

    def clean(self):
        # A failed sign-in cannot say which of the two was wrong (that would tell an
        # attacker which usernames exist), so both fields are marked invalid and
        # described by the summary that says what happened (WCAG 3.3.1).
        try:
            return super().clean()
        except ValidationError:
            for name in ("login", "password"):
                self.fields[name].widget.attrs.update(
                    {"aria-invalid": "true", "aria-describedby": "error-summary"}
                )
            raise


class RequestLoginCodeForm(AllauthRequestLoginCodeForm):
    """Sign-in by emailed code, which those who must use MFA may not use."""

    def clean_email(self):
        email = super().clean_email()
        user = getattr(self, "_user", None)
        if user is not None and mfa_required(user):
            raise ValidationError(
                _(
                    "Your role needs two-factor authentication, so you cannot sign in by "
                    "emailed code. Sign in with your password and your authenticator app, "
                    "or with a passkey."
                ),
                code="code_login_needs_mfa",
            )
        return email


class CrispyForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


class InviteForm(forms.ModelForm):
    class Meta:
        model = Invitation
        fields = ["name", "email", "role", "position", "initials"]

    def __init__(self, *args, body, **kwargs):
        super().__init__(*args, **kwargs)
        self.body = body
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.fields["initials"].help_text = _(
            "As the minutes print them, unique among current members: AK/2, EBr."
        )

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if Invitation.objects.pending().filter(body=self.body, email__iexact=email).exists():
            raise ValidationError(
                _("%(email)s already has an invitation waiting for an answer."),
                code="already_invited",
                params={"email": email},
            )
        if (
            Membership.objects.current()
            .filter(body=self.body, person__user__email__iexact=email)
            .exists()
        ):
            raise ValidationError(
                _("%(email)s is already a member of this body."),
                code="already_member",
                params={"email": email},
            )
        return email

    def clean_initials(self):
        initials = self.cleaned_data["initials"].strip()
        taken = Membership.objects.current().filter(body=self.body, initials__iexact=initials)
        if taken.exists():
            raise ValidationError(
                _("%(initials)s is already used by a current member. Try %(suggestion)s."),
                code="initials_taken",
                params={
                    "initials": initials,
                    "suggestion": Membership.objects.free_initials(self.body.pk, initials),
                },
            )
        return initials


class AcceptForm(CrispyForm):
    """A new account for the invited person: a name to sign in with, and a password or none."""

    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        help_text=_("What you will type to sign in. Letters, digits and @ . + - _ only."),
        widget=forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "none"}),
    )
    use_code = forms.BooleanField(
        label=_("No password: I will sign in with a code sent to my email each time"),
        required=False,
    )
    password1 = forms.CharField(
        label=_("Password"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, invitation, **kwargs):
        super().__init__(*args, **kwargs)
        self.invitation = invitation
        if invitation.role in (Role.OFFICER, Role.CHAIR):
            # Roles that need MFA sign in with a password and a second factor.
            del self.fields["use_code"]

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        field = get_user_model()._meta.get_field("username")
        for validator in field.validators:
            validator(username)
        if get_user_model().objects.filter(username__iexact=username).exists():
            raise ValidationError(_("That username is taken: choose another."), code="taken")
        return username

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("use_code"):
            cleaned["password1"] = None
            return cleaned
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if not password1:
            self.add_error("password1", ValidationError(_("Choose a password."), code="required"))
        elif password1 != password2:
            self.add_error(
                "password2", ValidationError(_("The two passwords differ."), code="mismatch")
            )
        else:
            user = get_user_model()(
                username=cleaned.get("username", ""), email=self.invitation.email
            )
            try:
                password_validation.validate_password(password1, user)
            except ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class RoleForm(CrispyForm):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)


class PolicyForm(forms.ModelForm):
    class Meta:
        model = BodyPolicy
        fields = [
            "members_require_mfa",
            "keep_review_comments_years",
            "keep_import_sources_years",
            "keep_personal_details_years",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
