"""The authentication backends: Django's and allauth's, with the user of each signed-in
request read by SQL the ORM compiles once per worker (iag_portal.compiled) rather than
compiled again on every request. What they accept, and whom, is theirs unchanged."""

from allauth.account import auth_backends
from django.contrib.auth import backends, get_user_model

from iag_portal.compiled import CompiledQuery


def _pk_param(connection, user_id):
    field = get_user_model()._meta.pk
    return (field.get_db_prep_value(user_id, connection, prepared=False),)


_user_by_pk = CompiledQuery(
    lambda user_id: get_user_model()._default_manager.filter(pk=user_id), _pk_param
)


class CompiledGetUser:
    def get_user(self, user_id):
        """As ModelBackend.get_user: the user with this id, if they may sign in."""
        users = _user_by_pk.instances(user_id)
        if not users:
            return None
        return users[0] if self.user_can_authenticate(users[0]) else None


class ModelBackend(CompiledGetUser, backends.ModelBackend):
    pass


class AuthenticationBackend(CompiledGetUser, auth_backends.AuthenticationBackend):
    pass
