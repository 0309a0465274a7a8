from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts and audit"

    def ready(self):
        # The audit trail listens to sign-in, MFA and password signals from
        # Django and allauth: those libraries offer no other hook.
        from accounts import audit  # noqa: F401
