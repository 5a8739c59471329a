from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EngagementConfig(AppConfig):
    name = "preventplan.engagement"
    label = "engagement"
    verbose_name = _("Engagement, communications, local projects, posts and training")

    def ready(self) -> None:
        """Give performance the two indicators the engagement registers compute: for an
        organisation that keeps them, PV-02 comes from training coverage and PV-03 from the
        engagement register instead of being typed."""
        from preventplan.engagement import evidence, indicators
        from preventplan.performance.figures import COMPUTED, Computed
        from preventplan.records.evidence import SOURCES

        COMPUTED["PV-02"] = Computed(
            indicators.keeps_training,
            indicators.front_line_coverage,
            _("Computed from the training coverage register"),
        )
        COMPUTED["PV-03"] = Computed(
            indicators.keeps_engagements,
            indicators.engagements_held,
            _("Counted from the engagement register"),
        )
        # and what the registers give as evidence for benefits and NI35 strands
        SOURCES.extend([s for s in evidence.SOURCES if s not in SOURCES])
