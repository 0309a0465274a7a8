"""Who must use two-factor authentication, decided in one place."""

from allauth.mfa.models import Authenticator

from members.models import Role
from members.permissions import bodies_requiring_mfa, body_roles

# Roles that manage or sign off the record always need a second factor.
MFA_ROLES = frozenset({Role.OFFICER, Role.CHAIR})
# Methods that count as a second factor; recovery codes are a fallback, not a method.
SECOND_FACTORS = (Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN)


def mfa_required(user) -> bool:
    """Must this user sign in with a second factor (and set one up first)?"""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    roles = body_roles(user)
    if any(role in MFA_ROLES for role in roles.values()):
        return True
    # A body's policy (accounts.models.BodyPolicy) may make all its members use one:
    # read with the memberships themselves, in the same query.
    return bool(bodies_requiring_mfa(user))


def has_second_factor(user) -> bool:
    return Authenticator.objects.filter(user_id=user.pk, type__in=SECOND_FACTORS).exists()
