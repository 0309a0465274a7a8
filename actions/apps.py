from django.apps import AppConfig
from django.db.models.signals import m2m_changed


class ActionsConfig(AppConfig):
    name = "actions"
    verbose_name = "Actions"

    def ready(self):
        from actions.models import Action
        from meetings.models import refuse_locked_people

        # A guard, not a side effect: who was asked is part of the record (the lock).
        m2m_changed.connect(refuse_locked_people, sender=Action.owners.through)
