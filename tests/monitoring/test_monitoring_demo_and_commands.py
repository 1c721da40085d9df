"""The demo, the wiring of the commands and the retention job. The scheduled run over real HTTP:
`test_run_monitors_http.py`."""

import pytest
from django.core.management import call_command

from veiliglokaal.demo.monitoring import DEMO_MARK, load_monitoring_demo
from veiliglokaal.monitoring.models import Alert, Post

pytestmark = pytest.mark.django_db


def test_demo_has_a_protocol_labelled_posts_and_an_alert():
    summary = load_monitoring_demo()
    assert "alert" in summary
    assert Post.objects.exists() and all(p.text.startswith(DEMO_MARK) for p in Post.objects.all())
    alert = Alert.objects.get()  # one alert for the place and hour, with the topics of its calls
    assert alert.place == "gemeentehuis" and alert.observed == 16 and alert.topic == "oproep tot verzamelen"
    assert alert.topics == ["afspraak", "oproep tot verzamelen", "tijdstip", "vuurwerk"]  # "[DEMO]" is no protest
    assert load_monitoring_demo() == "Demo online monitoring was al geladen."


def test_commands_are_wired(users_a, municipality_a, capsys):
    call_command("run_monitors")
    call_command("purge_monitoring_posts")
    out = capsys.readouterr().out
    assert "0 bronnen" in out and "0 berichten en 0 treffers verwijderd" in out
