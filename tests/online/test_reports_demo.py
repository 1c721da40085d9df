import pytest

from veiliglokaal.demo.accounts import load_demo
from veiliglokaal.demo.online import DEMO_MARK, load_online_demo, placeholder_png
from veiliglokaal.online.evidence import PNG, content_type_of
from veiliglokaal.online.models import ContentReport

pytestmark = pytest.mark.django_db


def test_demo_is_synthetic_labelled_and_loaded_once(settings):
    settings.DEMO_MODE = True
    load_demo()
    assert load_online_demo() == 4
    assert load_online_demo() == 0
    reports = ContentReport.objects.all()
    assert all(r.description.startswith(DEMO_MARK) for r in reports)
    assert sorted(reports.values_list("state", flat=True)) == ["assessed", "closed", "notice_sent", "received"]
    assert all(".example/" in u for r in reports for u in r.urls.values_list("url", flat=True))
    assert content_type_of(placeholder_png()) == PNG


def test_demo_refuses_outside_demo_mode(settings):
    settings.DEMO_MODE = False
    with pytest.raises(RuntimeError):
        load_online_demo()
