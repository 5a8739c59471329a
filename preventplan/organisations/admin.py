from django.contrib import admin

from preventplan.organisations.models import Invitation, Membership, Organisation, Partnership


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin[Organisation]):
    list_display = ["name", "kind", "parent", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin[Membership]):
    list_display = ["user", "organisation", "role", "granted_at", "ended_at"]
    list_filter = ["role"]


admin.site.register(Partnership)
admin.site.register(Invitation)
