from django.contrib import admin

from iag_portal.admin import OfficerAdmin
from themes.models import Theme


@admin.register(Theme)
class ThemeAdmin(OfficerAdmin):
    list_display = ["name", "group", "body", "order"]
    list_filter = ["body"]
    list_select_related = ["body"]
