from django.apps import AppConfig


class EngagementConfig(AppConfig):
    name = "preventplan.engagement"
    label = "engagement"
    verbose_name = "Engagement, communications, local projects, posts and training"
