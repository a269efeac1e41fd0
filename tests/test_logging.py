"""What the log says about requests: one line per event, never a traceback."""

import logging

import pytest

from flames.wsgi import application
from tests.test_pagecache import request


@pytest.mark.django_db
def test_wrong_host_is_logged_in_one_line_naming_it(caplog):
    with caplog.at_level(logging.INFO):
        status = request(application, "/en/", HTTP_HOST="evil.example")[0]

    assert status == "400 Bad Request"
    assert caplog.text.count("\n") == 1
    assert "'evil.example'" in caplog.text
