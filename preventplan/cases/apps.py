from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "preventplan.cases"
    label = "cases"
    verbose_name = _(
        "Case reviews (activities 3.1–3.3): pseudonymous references, stages and reviews"
    )

    def ready(self) -> None:
        """Give performance the two indicators it cannot compute itself: for an organisation
        that keeps cases, PV-01 and PV-06 come from its cases instead of being typed."""
        from preventplan.cases import figures
        from preventplan.performance.figures import COMPUTED, Computed

        COMPUTED["PV-01"] = Computed(
            figures.keeps_cases, figures.referrals_received, "Counted from the case reviews"
        )
        COMPUTED["PV-06"] = Computed(
            figures.keeps_cases, figures.median_days_to_panel, "Computed from the case reviews"
        )
