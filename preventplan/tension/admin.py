from django.contrib import admin

from preventplan.tension.models import IndicatorType, TensionLevel, TensionSettings


@admin.register(TensionLevel)
class TensionLevelAdmin(admin.ModelAdmin[TensionLevel]):
    list_display = ["position", "label", "provisional"]


@admin.register(IndicatorType)
class IndicatorTypeAdmin(admin.ModelAdmin[IndicatorType]):
    list_display = ["name", "section", "position", "is_active"]
    list_filter = ["section", "is_active"]


@admin.register(TensionSettings)
class TensionSettingsAdmin(admin.ModelAdmin[TensionSettings]):
    list_display = [
        "__str__",
        "due_weekday",
        "due_time",
        "force_due_weekday",
        "force_due_time",
        "nctt_email",
    ]

    def has_add_permission(self, request: object) -> bool:
        return not TensionSettings.objects.exists()
