"""Every email the portal sends goes through `send`: one connection for a batch,
one retry of a message that failed, and a failure returned, never raised, so the
work that sent it (a circulation, a programme change) stands and says who was
not reached. Logs name the purpose and the failure, never an address or content.
"""

import contextlib
import datetime
import logging

from django.core.mail import EmailMessage, mailers
from django.db import transaction
from django.utils import timezone

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


def send(messages: list[EmailMessage], *, purpose: str, each=None) -> list[str]:
    """Send each message over one connection; return, per message, "" when it went
    or the error that stopped it. `each(index, error)`, if given, is called as each
    message is done, so a batch cut short (a worker stopped) records who was sent
    to and a retry never sends to them twice."""
    if not messages:
        return []
    mailer = mailers.default
    try:
        mailer.open()
    except Exception as exc:  # the server is down: each message still gets its tries
        logger.warning("%s: could not connect to the mail server: %s", purpose, type(exc).__name__)
    try:
        errors = []
        for index, message in enumerate(messages):
            errors.append(_send_one(mailer, message, purpose))
            if each is not None:
                each(index, errors[-1])
    finally:
        # Closing a broken connection must not undo the work that sent the mail.
        with contextlib.suppress(Exception):
            mailer.close()
    logger.info("%s: %d of %d emails sent", purpose, errors.count(""), len(errors))
    return errors


# A batch sent from a task (reviews/tasks.py, programme/tasks.py) whose messages
# failed is sent again to those not reached: this many rounds in all, each later.
ROUNDS = 3
RETRY_AFTER = datetime.timedelta(minutes=5)


def retry_later(task, *args, attempt: int, purpose: str, **kwargs) -> bool:
    """Queue the next round of a batch task for the messages that failed, after a
    pause where the queue allows one; False when the rounds are used up (logged)."""
    if attempt >= ROUNDS:
        logger.warning("%s: emails still failing after %d rounds: given up", purpose, attempt)
        return False
    if task.get_backend().supports_defer:
        task = task.using(run_after=timezone.now() + RETRY_AFTER)
    logger.info("%s: emails that failed go again (round %d)", purpose, attempt + 1)
    task.enqueue(*args, attempt=attempt + 1, **kwargs)
    return True


def enqueue_after_commit(task, *args, **kwargs) -> None:
    """Queue a batch of emails once the work that makes them has committed: a worker
    never reads rows that are not there yet, and a request sends nothing itself."""
    transaction.on_commit(lambda: task.enqueue(*args, **kwargs))
