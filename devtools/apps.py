from django.apps import AppConfig


class DevtoolsConfig(AppConfig):
    """Demo data, load data, benchmarks and test helpers: installed by the dev and test settings only."""

    name = "devtools"
    verbose_name = "Development tools"
