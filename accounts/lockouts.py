"""Sign-in lockouts, read from and lifted in allauth's own rate-limit records.

allauth counts failed sign-ins per account (the name or email typed) and per
address in the shared cache (see ACCOUNT_RATE_LIMITS in settings). This module
reads those records to say how long a lockout lasts, and clears them when an
officer lifts it. It never keeps a count of its own.
"""

import math
import time
from dataclasses import dataclass

from allauth.account import app_settings as account_settings
from allauth.core.internal import ratelimit
from django.contrib.sites.shortcuts import get_current_site
from django.core.cache import cache

ACTION = "login_failed"
APP = "allauth.account"


def _rates():
    return ratelimit.get_rates(app=APP, action=ACTION, config=account_settings.RATE_LIMITS)


def _key_rate():
    return next(rate for rate in _rates() if rate.per == "key")


def _login_keys(request, user) -> list[str]:
    """The keys allauth counts this user's failures under: each name they may type."""
    domain = get_current_site(request).domain
    names = {user.get_username().lower()}
    if user.email:
        names.add(user.email.lower())
    names |= {address.email.lower() for address in user.emailaddress_set.all()}
    return [f"{domain}:{name}" for name in sorted(names)]


def _seconds_left(history: list, rate, now: float) -> int:
    history = [stamp for stamp in history if stamp > now - rate.duration]
    if len(history) < rate.amount:
        return 0
    # History is newest first: the lockout ends when the amount-th newest failure expires.
    return max(1, math.ceil(history[rate.amount - 1] + rate.duration - now))


def wait_for_login(request, login: str) -> int:
    """Seconds until a sign-in as `login` (the name or email typed) is allowed again."""
    domain = get_current_site(request).domain
    waits = []
    for rate in _rates():
        key = f"{domain}:{login.lower()}" if rate.per == "key" else None
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
        user.pk: [
            ratelimit.get_cache_key(request, app=APP, action=ACTION, rate=rate, key=login)
            for login in _login_keys(request, user)
        ]
        for user in users
    }
    histories = cache.get_many([key for user_keys in keys.values() for key in user_keys])
    now = time.time()
    locked = {}
    for user in users:
        seconds = max(
            (_seconds_left(histories.get(key, []), rate, now) for key in keys[user.pk]), default=0
        )
        if seconds:
            locked[user.pk] = Lockout(user, seconds)
    return locked


def lift(request, user) -> None:
    """Clear the account's failed sign-ins, so the right password works at once."""
    rate = _key_rate()
    for login in _login_keys(request, user):
        cache.delete(ratelimit.get_cache_key(request, app=APP, action=ACTION, rate=rate, key=login))


def wait_message(seconds: int) -> str:
    minutes = math.ceil(seconds / 60)
    when = "1 minute" if minutes == 1 else f"{minutes} minutes"
    return (
        f"Too many failed sign-ins. Signing in is locked for {when}: try again after that, "
        "or ask your body's officer to lift the lock. You can also reset your password."
    )
