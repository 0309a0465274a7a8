from django.apps import AppConfig
from django.db.models.signals import m2m_changed


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = "Meetings and minutes"

    def ready(self):
        from meetings.models import Point, refuse_locked_people

        # A guard, not a side effect: who spoke is part of the record (the lock).
        m2m_changed.connect(refuse_locked_people, sender=Point.speakers.through)
