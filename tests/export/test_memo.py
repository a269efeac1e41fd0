"""The export's memo of repeated SELECTs: same rows, fewer queries, forgotten on writes."""

import pytest
from django.db import connection

from flames.episodes.models import Topic
from flames.export.memo import QueryMemo
from tests import factories

pytestmark = pytest.mark.django_db


def test_query_memo_answers_a_repeated_select_from_memory():
    factories.topic("NATO", slug="nato")
    memo = QueryMemo()
    with connection.execute_wrapper(memo):
        first = list(Topic.objects.values_list("slug", flat=True))
        second = list(Topic.objects.values_list("slug", flat=True))
        count = Topic.objects.count()
    assert first == second == ["nato"]
    assert count == 1
    assert (memo.hits, memo.misses) == (1, 2)


def test_query_memo_forgets_everything_when_anything_is_written():
    factories.topic("NATO", slug="nato")
    memo = QueryMemo()
    with connection.execute_wrapper(memo):
        before = list(Topic.objects.values_list("slug", flat=True))
        factories.topic("Energy", slug="energy")
        after = list(Topic.objects.values_list("slug", flat=True))
    assert before == ["nato"]
    assert after == ["energy", "nato"]
    assert memo.hits == 0
