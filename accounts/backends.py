"""The authentication backends: Django's and allauth's, with the user of each signed-in
request read by SQL the ORM compiles once per worker (iag_portal.compiled) rather than
compiled again on every request, with their person in the same query. What they
accept, and whom, is theirs unchanged."""

from allauth.account import auth_backends
from django.contrib.auth import backends, get_user_model

from iag_portal.compiled import Compiled


def _user(user_id):
    # With their person (members.models.Person, if any), whom many pages ask for.
    return get_user_model()._default_manager.select_related("person").filter(pk=user_id)


class CompiledGetUser:
    def get_user(self, user_id):
        """As ModelBackend.get_user: the user with this id, if they may sign in."""
        users = Compiled("user", _user, user_id).fetch()
        if not users:
            return None
        return users[0] if self.user_can_authenticate(users[0]) else None


class ModelBackend(CompiledGetUser, backends.ModelBackend):
    pass


class AuthenticationBackend(CompiledGetUser, auth_backends.AuthenticationBackend):
    pass
