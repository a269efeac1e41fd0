"""bench/load.py reads wrk's output into the numbers of its table (no timing here)."""

import pytest

from bench.wrk import WrkResult, parse_output, search_script

# Real output of wrk 4.1 with the status-counting script, against a test server that
# answered 200, 429, 404 and 500 and sometimes outlasted --timeout 1s.
COUNTED = """\
Running 3s test @ http://127.0.0.1:18766/
  2 threads and 8 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    43.33ms    5.78ms  49.90ms   97.34%
    Req/Sec    69.05     26.31   121.00     73.33%
  414 requests in 3.00s, 48.22KB read
  Socket errors: connect 0, read 0, write 0, timeout 1
  Non-2xx or 3xx responses: 159
Requests/sec:    137.82
Transfer/sec:     16.05KB
Status 429: 113
Status 500: 11
Status 404: 35
Status 200: 255
p99 us: 48489
"""

# Real output of wrk 4.1 with the plain script (no per-response count), nginx on a busy machine.
PLAIN = """\
Running 3s test @ http://127.0.0.1:46985/en/episodes/x/
  2 threads and 64 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     5.68ms    3.11ms  21.48ms   68.91%
    Req/Sec     4.94k   642.73     6.34k    63.33%
  30010 requests in 3.06s, 865.58MB read
Requests/sec:   9797.12
Transfer/sec:    282.58MB
p99 us: 13694
"""

# Real output of wrk 4.1 with the plain script, --timeout 1s, on a server answering after 1.3 s.
TOO_LATE = """\
Running 4s test @ http://127.0.0.1:18767/
  1 threads and 2 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     0.00us    0.00us   0.00us    -nan%
    Req/Sec     1.00      0.00     1.00    100.00%
  6 requests in 4.01s, 678.00B read
  Socket errors: connect 0, read 0, write 0, timeout 6
Requests/sec:      1.50
Transfer/sec:     168.94B
p99 us: 0
"""


def test_429s_are_told_apart_from_failed_responses_and_socket_errors():
    result = parse_output(COUNTED)
    assert result == WrkResult(
        requests=414,
        requests_per_second=137.82,
        p99_ms=48.489,
        statuses={200: 255, 404: 35, 429: 113, 500: 11},
        unsuccessful=159,
        socket_errors=1,
    )
    assert result.throttled == 113
    assert result.errors == 35 + 11 + 1


def test_a_run_without_failures_has_no_errors():
    result = parse_output(PLAIN)
    assert (result.requests, result.requests_per_second, result.p99_ms) == (30010, 9797.12, 13.694)
    assert (result.statuses, result.throttled, result.errors) == ({}, 0, 0)


def test_responses_after_the_timeout_leave_no_p99_and_count_as_errors():
    result = parse_output(TOO_LATE)
    assert (result.requests, result.p99_ms, result.errors) == (6, None, 6)


def test_output_without_a_rate_is_refused():
    with pytest.raises(ValueError, match="wrk printed no request rate or p99"):
        parse_output("unable to connect to 127.0.0.1:1 Connection refused\n")


def test_search_words_go_into_the_script_only_as_plain_letters():
    assert 'words = {"kyiv", "summit"}' in search_script(["kyiv", "summit"])
    with pytest.raises(ValueError, match="plain lowercase letters"):
        search_script(["kyiv", 'x"..os.exit()'])
