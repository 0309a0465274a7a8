"""Bad bytes never reach the database or a document: one check for every request."""

import re

from django.core.exceptions import BadRequest

# NUL (which PostgreSQL refuses in text) and the other control characters, which
# no form of the portal takes and which Word and PDF documents cannot hold. Tab,
# line feed and carriage return are text.
BAD_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def _bad(*texts) -> bool:
    return any(BAD_CHARACTERS.search(text) for text in texts)


def _texts(query) -> list[str]:
    """The names and values of a QueryDict (request.GET, request.POST)."""
    return [text for name, values in query.lists() for text in (name, *values)]


class RejectBadCharactersMiddleware:
    """Answer 400 (the portal's own error page) to a request whose address, query or
    form fields hold a control character, before any view, form or query sees it.
    Uploaded files are not form fields: a .docx is binary and is read as such."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _bad(request.path_info, *_texts(request.GET)):
            raise BadRequest("The address holds a character that is not text.")
        if request.content_type in FORM_TYPES and _bad(*_texts(request.POST)):
            raise BadRequest("The form holds a character that is not text.")
        return self.get_response(request)
