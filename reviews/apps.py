from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "reviews"

    def ready(self) -> None:
        from accounts.models import Role
        from register.signals import person_changed
        from tcp.navigation import NAVIGATION, register_navigation
        from tcp.person_sections import register_person_section

        from .imports import add_reviews_sheet
        from .receivers import recompute_on_person_change
        from .views import person_section_context

        person_changed.connect(recompute_on_person_change, dispatch_uid="reviews_recompute")
        add_reviews_sheet()  # C(E)TRs in spreadsheet imports, through the reviews services
        register_person_section("reviews", "reviews/_person_reviews.jinja", person_section_context)
        if not any(name == "reviews:worklist" for _, name, _ in NAVIGATION):
            position = next(
                (i for i, (_, name, _) in enumerate(NAVIGATION) if name == "accounts:audit_log"),
                len(NAVIGATION),
            )
            person_roles = frozenset({Role.COMMISSIONER, Role.CARE_COORDINATOR})
            register_navigation(
                "Worklist",
                "reviews:worklist",
                person_roles | {Role.PARTNERSHIP_ADMIN},
                position=position,
            )
            register_navigation(
                "My actions", "reviews:my_actions", person_roles, position=position + 1
            )
