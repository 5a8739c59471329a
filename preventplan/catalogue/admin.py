from django.contrib import admin

from preventplan.catalogue.models import (
    Abbreviation,
    Activity,
    Objective,
    PartnerType,
    TemplateVersion,
)

admin.site.register(TemplateVersion)
admin.site.register(Objective)
admin.site.register(PartnerType)
admin.site.register(Abbreviation)


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin[Activity]):
    list_display = ["number", "level", "objective", "suggested_timescale"]
    list_filter = ["version", "level", "objective__number"]
    search_fields = ["number", "text"]
