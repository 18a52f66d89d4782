from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "spred.api"
    label = "api"
    verbose_name = "API"
