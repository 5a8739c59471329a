from django.contrib import admin

from preventplan.audit.models import AuditEvent, RetentionDecision, RetentionRule


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin[AuditEvent]):
    list_display = ["at", "actor_label", "action", "event", "record_type", "record_label"]
    list_filter = ["action", "event"]
    search_fields = ["actor_label", "record_label", "event"]

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False


@admin.register(RetentionRule)
class RetentionRuleAdmin(admin.ModelAdmin[RetentionRule]):
    """National administrators set how long each kind of record is kept before review."""

    list_display = ["record_type", "review_after_months", "description"]


@admin.register(RetentionDecision)
class RetentionDecisionAdmin(admin.ModelAdmin[RetentionDecision]):
    list_display = [
        "decided_at",
        "record_type",
        "record_id",
        "decision",
        "decided_by",
        "next_review_on",
    ]

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False
