"""Every email the portal sends goes through `send`: one connection for a batch,
one retry of a message that failed, and a failure returned, never raised, so the
work that sent it (a circulation, a programme change) stands and says who was
not reached. Logs name the purpose and the failure, never an address or content.
"""

import contextlib
import logging

from django.core.mail import EmailMessage, mailers

logger = logging.getLogger(__name__)

ATTEMPTS = 2  # a message is tried once more before it counts as failed


def _send_one(mailer, message: EmailMessage, purpose: str) -> str:
    error = ""
    for attempt in range(1, ATTEMPTS + 1):
        try:
            if mailer.send_messages([message]):
                return ""
            error = "The mail server accepted no recipient."
        except Exception as exc:  # SMTP, network, DNS: whatever the backend raises
            error = f"{type(exc).__name__}: {exc}"[:500]
        logger.warning("%s: email attempt %d failed: %s", purpose, attempt, error.split(":")[0])
    return error


def send(messages: list[EmailMessage], *, purpose: str) -> list[str]:
    """Send each message over one connection; return, per message, "" when it went
    or the error that stopped it."""
    if not messages:
        return []
    mailer = mailers.default
    try:
        mailer.open()
    except Exception as exc:  # the server is down: each message still gets its tries
        logger.warning("%s: could not connect to the mail server: %s", purpose, type(exc).__name__)
    try:
        errors = [_send_one(mailer, message, purpose) for message in messages]
    finally:
        # Closing a broken connection must not undo the work that sent the mail.
        with contextlib.suppress(Exception):
            mailer.close()
    logger.info("%s: %d of %d emails sent", purpose, errors.count(""), len(errors))
    return errors
