from django.apps import AppConfig


class CollabTestappConfig(AppConfig):
    name = "tests.collab_testapp"
    label = "collab_testapp"
    default_auto_field = "django.db.models.BigAutoField"
