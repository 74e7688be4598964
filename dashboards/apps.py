from django.apps import AppConfig


class DashboardsConfig(AppConfig):
    name = "dashboards"

    def ready(self) -> None:
        from accounts.models import Role
        from tcp.navigation import register_navigation

        register_navigation("Dashboard", "dashboards:dashboard", frozenset(Role), position=1)
        register_navigation(
            "Reports",
            "reports:run_list",
            frozenset({Role.COMMISSIONER, Role.BOARD_MEMBER}),
            position=2,
        )
