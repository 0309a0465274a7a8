from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from actions.models import Action
from meetings.models import AgendaItem, Point
from members.models import Body, BodyScopedQuerySet


class Theme(models.Model):
    """A priority of the partnership's strategy that a body's discussions feed into."""

    body_path = "body"

    body = models.ForeignKey(
        Body, on_delete=models.CASCADE, related_name="themes", verbose_name=_("body")
    )
    name = models.CharField(_("name"), max_length=120)
    group = models.CharField(
        _("strategy heading"),
        max_length=120,
        blank=True,
        help_text=_('The strategy\'s heading, e.g. "Vulnerable Communities and Individuals".'),
    )
    description = models.TextField(_("description"), blank=True)
    keywords = models.TextField(
        _("keywords"),
        blank=True,
        help_text=_("One word or phrase a line: untagged rows that use one are suggested."),
    )
    order = models.PositiveIntegerField(_("order"), default=0)

    objects = BodyScopedQuerySet.as_manager()

    class Meta:
        ordering = ["body_id", "order", "name"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        constraints = [
            models.UniqueConstraint(
                fields=["body", "name"],
                name="theme_unique_name_per_body",
                violation_error_message=_("This body already has a theme of that name."),
            ),
            models.CheckConstraint(condition=~Q(name=""), name="theme_has_name"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("themes:detail", args=[self.body.slug, self.pk])

    @property
    def keyword_list(self) -> list[str]:
        return [line.strip() for line in self.keywords.splitlines() if line.strip()]


class TagQuerySet(BodyScopedQuerySet):
    pass


class ThemeTag(models.Model):
    """A row of the minutes (an item, a point or an action) tagged with a theme by an
    officer. A tag describes the record, it is not part of it: agreed minutes may be
    tagged for the annual report without an amendment."""

    body_path = "theme__body"

    theme = models.ForeignKey(
        Theme, on_delete=models.CASCADE, related_name="tags", verbose_name=_("theme")
    )
    item = models.ForeignKey(
        AgendaItem, on_delete=models.CASCADE, null=True, blank=True, related_name="theme_tags"
    )
    point = models.ForeignKey(
        Point, on_delete=models.CASCADE, null=True, blank=True, related_name="theme_tags"
    )
    action = models.ForeignKey(
        Action, on_delete=models.CASCADE, null=True, blank=True, related_name="theme_tags"
    )
    # The meeting, copied so that counts per meeting and year need no join through the row.
    meeting = models.ForeignKey(
        "meetings.Meeting", on_delete=models.CASCADE, related_name="theme_tags"
    )
    tagged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # A suggestion the officer accepted, or a tag chosen directly.
    from_suggestion = models.BooleanField(_("accepted suggestion"), default=False)
    created_at = models.DateTimeField(_("tagged at"), auto_now_add=True)

    objects = TagQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("theme tag")
        verbose_name_plural = _("theme tags")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(item__isnull=False, point__isnull=True, action__isnull=True)
                    | Q(item__isnull=True, point__isnull=False, action__isnull=True)
                    | Q(item__isnull=True, point__isnull=True, action__isnull=False)
                ),
                name="theme_tag_one_row",
            ),
            models.UniqueConstraint(fields=["theme", "item"], name="theme_tag_unique_item"),
            models.UniqueConstraint(fields=["theme", "point"], name="theme_tag_unique_point"),
            models.UniqueConstraint(fields=["theme", "action"], name="theme_tag_unique_action"),
        ]
        indexes = [models.Index(fields=["theme", "meeting"], name="theme_tag_meeting_idx")]

    def __str__(self):
        return f"{self.theme}: {self.row}"

    @property
    def row(self):
        return self.item or self.point or self.action


class DismissedSuggestion(models.Model):
    """A keyword suggestion the officer rejected: it is not offered again."""

    body_path = "theme__body"

    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="dismissed")
    point = models.ForeignKey(Point, on_delete=models.CASCADE, null=True, blank=True)
    action = models.ForeignKey(Action, on_delete=models.CASCADE, null=True, blank=True)
    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, null=True, blank=True)
    dismissed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = BodyScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("rejected suggestion")
        verbose_name_plural = _("rejected suggestions")
        constraints = [
            models.UniqueConstraint(fields=["theme", "point"], name="dismissed_unique_point"),
            models.UniqueConstraint(fields=["theme", "action"], name="dismissed_unique_action"),
            models.UniqueConstraint(fields=["theme", "item"], name="dismissed_unique_item"),
        ]

    def __str__(self):
        return f"{self.theme} rejected"
