import datetime
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Initials as the minutes print them: "NS", "AKt", "EBr", "L", and a numbered
# suffix when two people share the same letters ("AK/1", "AK/2").
INITIALS_PATTERN = r"^[A-Z][A-Za-z]{0,5}(/[1-9][0-9]?)?$"
validate_initials = RegexValidator(
    INITIALS_PATTERN,
    _(
        "Initials are one to six letters starting with a capital, optionally "
        "followed by /1, /2... to tell two people apart (e.g. NS, EBr, AK/2)."
    ),
    code="invalid_initials",
)


def disambiguate(wanted: str, taken: set[str]) -> str:
    """`wanted`, or the first of its /2, /3... forms not in `taken` (lower case), the way
    the minutes tell two people apart: AK/1 and AK/2."""
    if wanted.lower() not in taken:
        return wanted
    base = wanted.split("/")[0]
    return next((f"{base}/{n}" for n in range(2, 100) if f"{base}/{n}".lower() not in taken), base)


class BodyScopedQuerySet(models.QuerySet):
    """Rows that belong to a body. Each such model declares, once, the lookup from a
    row to its body as `body_path`; permissions, the admin, the editor and the
    exports narrow by it and by nothing else."""

    def in_bodies(self, bodies):
        """The rows of these bodies (ids, or a queryset of them); None means every body."""
        if bodies is None:
            return self
        return self.filter(**{f"{self.model.body_path}__in": bodies})


def in_bodies(queryset, bodies):
    """`queryset` narrowed to `bodies` if its model belongs to a body (see
    BodyScopedQuerySet); a model that belongs to no body (a login) is left as it is."""
    if bodies is None or getattr(queryset.model, "body_path", None) is None:
        return queryset
    return queryset.filter(**{f"{queryset.model.body_path}__in": bodies})


class Body(models.Model):
    """A group whose meetings are minuted: an IAG, a Community Safety Partnership."""

    body_path = "pk"

    name = models.CharField(_("name"), max_length=200, unique=True)
    short_name = models.CharField(_("short name"), max_length=50, unique=True)
    slug = models.SlugField(_("slug"), max_length=50, unique=True)
    minute_prefix = models.CharField(
        _("minute reference prefix"),
        max_length=10,
        blank=True,
        validators=[RegexValidator(r"^[A-Z]{1,10}$", _("Use capital letters only, e.g. SMK."))],
        help_text=_(
            "Set for a formal committee whose minutes are numbered through the year "
            "(SMK25, SMK26...). Leave blank for the informal IAG style."
        ),
    )
    default_location = models.CharField(_("default venue"), max_length=300, blank=True)
    default_start_time = models.TimeField(_("default start time"), default=datetime.time(18, 0))
    default_end_time = models.TimeField(_("default end time"), null=True, blank=True)
    publishes_minutes = models.BooleanField(
        _("publishes minutes"),
        default=False,
        help_text=_("Approved minutes are published, in their public edition, for anyone to read."),
    )
    officers_edit_programme = models.BooleanField(
        _("officers may edit the programme"),
        default=False,
        help_text=_("Besides the chair, the body's officers may set its meeting programme."),
    )
    protective_marking = models.CharField(
        _("protective marking"),
        max_length=50,
        blank=True,
        help_text=_("Printed on every page of the members' edition, e.g. OFFICIAL-SENSITIVE."),
    )

    objects = BodyScopedQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("body")
        verbose_name_plural = _("bodies")

    def __str__(self):
        return self.short_name

    @property
    def is_formal(self) -> bool:
        """Formal committees number their minutes and record RESOLVED decisions."""
        return bool(self.minute_prefix)


PREVIOUS_MINUTES_TITLE = re.compile(r"^\s*(previous|matters arising)", re.IGNORECASE)


class ItemKind(models.TextChoices):
    """What an agenda item is for, where the portal must know it (not guess it from the title)."""

    BUSINESS = "business", _("Business")
    PREVIOUS_MINUTES = "previous_minutes", _("Reviews the previous minutes and actions")

    @classmethod
    def from_title(cls, title: str, *, taken: bool = False) -> str:
        """The kind an item's title names, for text read from elsewhere (an import, the
        demo): "Previous notes/actions", "Matters arising". `taken`: the meeting already
        has its previous-minutes item."""
        if not taken and PREVIOUS_MINUTES_TITLE.match(title):
            return cls.PREVIOUS_MINUTES
        return cls.BUSINESS


class StandardItem(models.Model):
    """An agenda item that repeats at every meeting of a body, with its usual lead."""

    body_path = "body"

    body = models.ForeignKey(
        Body, on_delete=models.CASCADE, related_name="standard_items", verbose_name=_("body")
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    title = models.CharField(_("title"), max_length=200)
    lead = models.CharField(_("lead"), max_length=100, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=ItemKind, default=ItemKind.BUSINESS)

    objects = BodyScopedQuerySet.as_manager()

    class Meta:
        ordering = ["body_id", "order", "id"]
        verbose_name = _("standard agenda item")
        verbose_name_plural = _("standard agenda")
        constraints = [
            models.UniqueConstraint(fields=["body", "order"], name="standard_item_unique_order"),
        ]

    def __str__(self):
        return self.title


class Person(models.Model):
    """Someone who attends meetings: a member, a partner officer, a guest."""

    name = models.CharField(_("full name"), max_length=200)
    email = models.EmailField(_("email"), blank=True)
    emails_opted_out = models.BooleanField(
        _("no notification emails"),
        default=False,
        help_text=_("They asked not to be emailed when minutes are circulated or agreed."),
    )
    organisation = models.CharField(
        _("organisation"), max_length=200, blank=True, help_text=_("e.g. TVP, MKC, IAG")
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
        verbose_name=_("login"),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        indexes = [models.Index(Lower("name"), name="person_name_lower_idx")]

    def __str__(self):
        return self.name


class Role(models.TextChoices):
    """What a person may do in a body. Permissions follow from this alone."""

    OFFICER = "officer", _("Officer (types and manages minutes)")
    CHAIR = "chair", _("Chair (programme, sign-off)")
    MEMBER = "member", _("Member (reads, approves)")
    GUEST = "guest", _("Guest or partner (reads what is shared)")


class MembershipQuerySet(BodyScopedQuerySet):
    def current(self, on: datetime.date | None = None):
        on = on or timezone.localdate()
        return self.filter(Q(start_date__lte=on) | Q(start_date__isnull=True)).filter(
            Q(end_date__isnull=True) | Q(end_date__gte=on)
        )

    def free_initials(self, body_id: int, wanted: str) -> str:
        """The first of AK/2, AK/3... not held by a current member of the body."""
        base = wanted.split("/")[0]
        taken = {
            initials.lower()
            for initials in self.current()
            .filter(body_id=body_id, initials__istartswith=base)
            .values_list("initials", flat=True)
        }
        # Asked when `wanted` is taken: suggest a numbered form, even of a free base.
        return disambiguate(base, taken | {base.lower()})


class Membership(models.Model):
    """A person's place in a body: their role, printed position and initials."""

    body_path = "body"

    body = models.ForeignKey(
        Body, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("body")
    )
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("person")
    )
    role = models.CharField(_("role"), max_length=10, choices=Role, default=Role.MEMBER)
    position = models.CharField(
        _("position and area"),
        max_length=200,
        help_text=_('As printed in the attendance table, e.g. "IAG Member", "TVP Inspector".'),
    )
    initials = models.CharField(
        _("initials"),
        max_length=9,
        validators=[validate_initials],
        help_text=_("Unique among the body's current members: AK/1 and AK/2, or EB and EBr."),
    )
    start_date = models.DateField(_("from"), null=True, blank=True)
    end_date = models.DateField(_("until"), null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["body_id", "initials"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            # "Current" in the database's terms: not ended. Ended memberships keep
            # their initials for the historical record and free them for reuse.
            models.UniqueConstraint(
                "body",
                Lower("initials"),
                condition=Q(end_date__isnull=True),
                name="membership_unique_current_initials",
                violation_error_message=_(
                    "These initials are already used by a current member of this body. "
                    "Tell them apart as the minutes do: add /2 (AK/2) or a letter (EBr)."
                ),
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="membership_ends_after_start",
                violation_error_message=_("A membership cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(initials__regex=INITIALS_PATTERN),
                name="membership_initials_format",
            ),
        ]
        indexes = [models.Index(fields=["body", "end_date"], name="membership_body_current_idx")]

    def __str__(self):
        return f"{self.initials} {self.position} ({self.body})"

    def clean(self):
        """Refuse initials already held by someone whose membership overlaps this one."""
        super().clean()
        if not (self.body_id and self.initials):
            return
        clashes = Membership.objects.filter(body_id=self.body_id, initials__iexact=self.initials)
        if self.end_date:
            clashes = clashes.filter(Q(start_date__isnull=True) | Q(start_date__lte=self.end_date))
        if self.start_date:
            clashes = clashes.filter(Q(end_date__isnull=True) | Q(end_date__gte=self.start_date))
        clash = clashes.exclude(pk=self.pk).select_related("person").first()
        if clash:
            raise ValidationError(
                {
                    "initials": ValidationError(
                        _(
                            "%(initials)s is already used by %(name)s (%(position)s). "
                            "Tell them apart as the minutes do, e.g. %(suggestion)s."
                        ),
                        code="initials_taken",
                        params={
                            "initials": self.initials,
                            "name": clash.person.name,
                            "position": clash.position,
                            "suggestion": Membership.objects.free_initials(
                                self.body_id, self.initials
                            ),
                        },
                    )
                }
            )
