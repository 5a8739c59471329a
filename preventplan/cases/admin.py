from django.contrib import admin

from preventplan.cases.models import Intervention


@admin.register(Intervention)
class InterventionAdmin(admin.ModelAdmin[Intervention]):
    """The intervention types national administrators keep. Cases themselves are not in the
    housekeeping admin: they are read only through the pages that record each reading."""

    list_display = ["name", "code", "position", "is_active"]
    list_filter = ["is_active"]
