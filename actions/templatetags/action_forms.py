from django import template

from actions.forms import NoteForm

register = template.Library()


@register.simple_tag
def note_form(action, sent=None):
    """The progress-note form of `action`: `sent` if it is that action's form sent back
    with errors, else an empty one."""
    if isinstance(sent, NoteForm) and sent.action_pk == action.pk:
        return sent
    return NoteForm(action=action)
