from members.permissions import Perm, can_anywhere


def navigation(request):
    """What the signed-in user may reach from the menu, decided by the permission module."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "nav_can_edit": can_anywhere(user, Perm.EDIT_MINUTES),
        "nav_can_register": can_anywhere(user, Perm.VIEW_REGISTER),
        "nav_can_manage_members": can_anywhere(user, Perm.MANAGE_MEMBERS),
    }
