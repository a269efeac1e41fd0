"""With FLAMES_REDIS_URL, sign-in counts and request budgets live in Redis, where every
app server sees them: checked here against a real Redis, from a second process."""

import os
import subprocess
import sys
import textwrap

import pytest
import redis
from django.contrib.auth import get_user_model
from django.core.cache import cache

from flames.wsgi import django_application, layered
from tests.environment import TEST_SECRET_KEY
from tests.test_budget import searches, statuses
from tests.test_sign_in import Site

pytestmark = pytest.mark.django_db

# A database of its own on the machine's Redis; emptied before and after each test.
REDIS_URL = os.environ.get("FLAMES_TEST_REDIS_URL", "redis://127.0.0.1:6379/12")
ATTACKER = "203.0.113.9"


@pytest.fixture
def shared_cache(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
        }
    }
    settings.AXES_HANDLER = "axes.handlers.cache.AxesCacheHandler"
    cache.clear()
    yield redis.Redis.from_url(REDIS_URL)
    cache.clear()


def other_app_server(code: str, **environment) -> str:
    """Run ``code`` in a new process configured like another app server of this site."""
    script = "import django\ndjango.setup()\n" + textwrap.dedent(code)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "flames.settings",
        "FLAMES_REDIS_URL": REDIS_URL,
        **environment,
    }
    done = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_a_paused_sign_in_is_paused_on_every_app_server(client, shared_cache):
    get_user_model().objects.create_user("editor", password="right", is_staff=True)
    for n in range(5):
        response = client.post(
            "/admin/login/", {"username": "editor", "password": f"guess {n}"}, REMOTE_ADDR=ATTACKER
        )
    assert response.status_code == 429

    counts = sorted(shared_cache.get(key) for key in shared_cache.keys("*axes-*"))
    # One count for the address, one for the account from that address.
    assert counts == [b"5", b"5"]
    answer = other_app_server(
        f"""
        from django.contrib.auth import authenticate
        from django.test import RequestFactory

        request = RequestFactory().post("/admin/login/", REMOTE_ADDR="{ATTACKER}")
        user = authenticate(request, username="editor", password="right")
        print("paused" if user is None and request.axes_locked_out else "allowed")
        """
    )
    assert answer == "paused"


@pytest.mark.django_db(transaction=True)  # requests through Django close the connection
def test_an_address_paused_in_redis_is_refused_before_django(shared_cache):
    get_user_model().objects.create_user("editor", password="right", is_staff=True)
    site = Site()
    for n in range(5):
        site.sign_in(f"guess {n}", address=ATTACKER)
    calls = site.django.calls

    status, _headers, _body = site.sign_in("right", address=ATTACKER)

    assert (status, site.django.calls) == ("429 Too Many Requests", calls)
    assert sorted(shared_cache.get(key) for key in shared_cache.keys("*axes-*")) == [b"5", b"5"]


@pytest.mark.django_db(transaction=True)  # requests through Django close the connection
def test_a_budget_is_spent_on_every_app_server(shared_cache, settings, demo):
    settings.BUDGET_REQUESTS = settings.BUDGET_BURST = 3
    settings.BUDGET_SECONDS = 10**9
    site = layered(django_application)
    assert statuses(site, searches(3), REMOTE_ADDR=ATTACKER) == [200, 200, 200]

    [key] = shared_cache.keys(f"*budget:{ATTACKER}:*")
    assert shared_cache.get(key) == b"3"
    wait = other_app_server(
        f"""
        from flames.guard.throttling import spend

        print(spend("{ATTACKER}"))
        """,
        FLAMES_BUDGET_REQUESTS="3",
        FLAMES_BUDGET_BURST="3",
        FLAMES_BUDGET_SECONDS=str(10**9),
    )
    assert int(wait) > 0
    assert shared_cache.get(key) == b"4"
    assert statuses(site, searches(1, start=3), REMOTE_ADDR=ATTACKER) == [429]


def settings_value(expression: str, **environment) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FLAMES_", "DATABASE_URL"))}
    env.update({"FLAMES_SECRET_KEY": TEST_SECRET_KEY, **environment})
    code = f"import flames.settings as s; print({expression})"
    return subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False
    )


def test_sign_in_counts_are_kept_where_every_app_server_sees_them():
    with_redis = settings_value("s.AXES_HANDLER", FLAMES_REDIS_URL=REDIS_URL)
    without = settings_value("s.AXES_HANDLER")

    assert with_redis.stdout.strip() == "axes.handlers.cache.AxesCacheHandler"
    assert without.stdout.strip() == "axes.handlers.database.AxesDatabaseHandler"


def test_limits_come_from_the_environment():
    loaded = settings_value(
        "s.AXES_FAILURE_LIMIT, s.AXES_COOLOFF_TIME, s.BUDGET_REQUESTS, s.BUDGET_SECONDS, "
        "s.BUDGET_BURST, s.TRUSTED_PROXIES",
        FLAMES_SIGN_IN_FAILURES="3",
        FLAMES_SIGN_IN_PAUSE_MINUTES="60",
        FLAMES_BUDGET_REQUESTS="100",
        FLAMES_BUDGET_SECONDS="60",
        FLAMES_BUDGET_BURST="8",
        FLAMES_TRUSTED_PROXIES="10.0.0.1, 172.16.0.0/12,::1",
    )

    assert loaded.stdout.strip() == (
        "3 1:00:00 100 60 8 ['10.0.0.1/32', '172.16.0.0/12', '::1/128']"
    )


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        (
            "FLAMES_TRUSTED_PROXIES",
            "10.0.0.1,proxy.example",
            "FLAMES_TRUSTED_PROXIES must list IP addresses or networks, "
            "and 'proxy.example' is neither",
        ),
        ("FLAMES_SIGN_IN_FAILURES", "0", "FLAMES_SIGN_IN_FAILURES must be 1 or more, not 0"),
        ("FLAMES_BUDGET_SECONDS", "0", "FLAMES_BUDGET_SECONDS must be 1 or more, not 0"),
        ("FLAMES_BUDGET_REQUESTS", "-5", "FLAMES_BUDGET_REQUESTS must be 0 or more, not -5"),
        ("FLAMES_BUDGET_BURST", "0", "FLAMES_BUDGET_BURST must be 1 or more, not 0"),
    ],
)
def test_a_limit_that_makes_no_sense_is_refused(name, value, message):
    loaded = settings_value("1", **{name: value})

    assert loaded.returncode == 1
    assert loaded.stderr.strip().splitlines()[-1] == (
        f"django.core.exceptions.ImproperlyConfigured: {message}"
    )
