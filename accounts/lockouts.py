"""Sign-in lockouts, read from and lifted in allauth's own rate-limit records.

allauth counts failed sign-ins per key and per address in the shared cache (see
ACCOUNT_RATE_LIMITS in settings). Its key is the login as typed, so "member",
"member@example.org" and "Member@Example.org" would each get five tries; the
adapter keys them by the account instead (`account_key`), so one account has one
count however it is named. This module reads those records to say how long a
lockout lasts, and clears them when an officer lifts it. It never keeps a count
of its own.
"""

import math
import time
from dataclasses import dataclass

from allauth.account import app_settings as account_settings
from allauth.account.utils import filter_users_by_email
from allauth.core.internal import ratelimit
from django.contrib.auth import get_user_model
from django.contrib.sites.shortcuts import get_current_site
from django.core.cache import cache

ACTION = "login_failed"
APP = "allauth.account"


def _rates():
    return ratelimit.get_rates(app=APP, action=ACTION, config=account_settings.RATE_LIMITS)


def _key_rate():
    return next(rate for rate in _rates() if rate.per == "key")


def user_for_login(login: str):
    """The account a sign-in names (by email or username), or None."""
    login = login.strip()
    if "@" in login:
        users = filter_users_by_email(login, is_active=True)
        if users:
            return users[0]
    return get_user_model().objects.filter(username__iexact=login).first()


def _user_key(request, user) -> str:
    return f"{get_current_site(request).domain}:user:{user.pk}"


def account_key(request, login: str) -> str:
    """The key failed sign-ins as `login` are counted under: the account it names, or,
    when it names none, the login as typed (so guessing at unknown names is limited too)."""
    user = user_for_login(login)
    if user is not None:
        return _user_key(request, user)
    return f"{get_current_site(request).domain}:{login.strip().lower()}"


def _seconds_left(history: list, rate, now: float) -> int:
    history = [stamp for stamp in history if stamp > now - rate.duration]
    if len(history) < rate.amount:
        return 0
    # History is newest first: the lockout ends when the amount-th newest failure expires.
    return max(1, math.ceil(history[rate.amount - 1] + rate.duration - now))


def wait_for_login(request, login: str) -> int:
    """Seconds until a sign-in as `login` (the name or email typed) is allowed again."""
    waits = []
    for rate in _rates():
        key = account_key(request, login) if rate.per == "key" else None
        cache_key = ratelimit.get_cache_key(request, app=APP, action=ACTION, rate=rate, key=key)
        waits.append(_seconds_left(cache.get(cache_key, []), rate, time.time()))
    return max(waits, default=0)


@dataclass(frozen=True)
class Lockout:
    user: object
    seconds_left: int

    @property
    def minutes_left(self) -> int:
        return math.ceil(self.seconds_left / 60)


def lockouts_of(request, users) -> dict:
    """{user id: Lockout} for those of `users` locked out now, read in one cache query."""
    rate = _key_rate()
    keys = {
        user.pk: ratelimit.get_cache_key(
            request, app=APP, action=ACTION, rate=rate, key=_user_key(request, user)
        )
        for user in users
    }
    histories = cache.get_many(list(keys.values()))
    now = time.time()
    locked = {}
    for user in users:
        seconds = _seconds_left(histories.get(keys[user.pk], []), rate, now)
        if seconds:
            locked[user.pk] = Lockout(user, seconds)
    return locked


def lift(request, user) -> None:
    """Clear the account's failed sign-ins, so the right password works at once."""
    rate = _key_rate()
    key = _user_key(request, user)
    cache.delete(ratelimit.get_cache_key(request, app=APP, action=ACTION, rate=rate, key=key))


def wait_message(seconds: int) -> str:
    minutes = math.ceil(seconds / 60)
    when = "1 minute" if minutes == 1 else f"{minutes} minutes"
    return (
        f"Too many failed sign-ins. Signing in is locked for {when}: try again after that, "
        "or ask your body's officer to lift the lock. You can also reset your password."
    )
