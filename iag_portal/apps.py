from django.contrib.admin.apps import AdminConfig


class PortalAdminConfig(AdminConfig):
    """The Django admin, with the portal's own site deciding who may use it."""

    default_site = "iag_portal.admin.PortalAdminSite"
