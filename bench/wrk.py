"""wrk for bench/load.py: the Lua scripts that shape each scenario's requests, and its output.

Plain data and text, no Django. Where a 429 is deliberate (a search budget spent,
a sign-in locked out), the script counts responses by status, so that it can be
told from a failure. Elsewhere it does not: a Lua call per response takes a
noticeable share of wrk's own rate on a fast page (a tenth to a third against nginx
here), and a 429 there is a failure like any other.
With -t2 each wrk thread runs its own Lua state: ``setup`` keeps a handle on every
thread and ``done``, which runs once at the end, adds up their counts through
``thread:get``. ``done`` also prints the exact p99 in microseconds, finer than
wrk's own latency lines.
"""

import re
from dataclasses import dataclass

REPORT = """
local threads = {}

function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  statuses = {}
  sent = 0
  math.randomseed(id * 7919 + os.time())
  if prepare then prepare(args) end
end

function done(summary, latency, requests)
  local totals = {}
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("statuses")) do
      totals[status] = (totals[status] or 0) + count
    end
  end
  for status, count in pairs(totals) do
    io.write(string.format("Status %d: %d\\n", status, count))
  end
  io.write(string.format("p99 us: %d\\n", latency:percentile(99)))
end
"""

COUNT_STATUSES = """
function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end
"""

# The URL's own path plus a query parameter no page reads, new for every request.
CACHE_BUSTING = """
function request()
  sent = sent + 1
  return wrk.format(nil, wrk.path .. "?x=" .. id .. "-" .. sent)
end
"""

# args: the csrftoken cookie, the form's csrfmiddlewaretoken and a real account's
# username; the password is wrong and different each time.
LOGIN_FLOOD = """
function prepare(args)
  headers = {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Cookie"] = "csrftoken=" .. args[1],
  }
  form = "csrfmiddlewaretoken=" .. args[2] .. "&username=" .. args[3] .. "&password=wrong"
end

function request()
  sent = sent + 1
  return wrk.format("POST", wrk.path, headers, form .. id .. "-" .. sent .. "-" .. math.random(1e9))
end
"""


def plain_script() -> str:
    """GET the URL given on wrk's command line, again and again."""
    return REPORT


def cache_busting_script() -> str:
    return REPORT + CACHE_BUSTING


def search_script(words: list[str]) -> str:
    """GET the URL's path with ``?q=`` and two words drawn at random from ``words``.

    Two, because the page cache keeps search results: with one word from a few
    hundred, nearly every search after the first seconds would be a cache hit.
    """
    unsafe = [word for word in words if not re.fullmatch(r"[a-z]+", word)]
    if unsafe or not words:
        raise ValueError(f"search words must be plain lowercase letters, not {unsafe[:3]}")
    table = ", ".join(f'"{word}"' for word in words)
    return (
        REPORT
        + COUNT_STATUSES
        + f"\nwords = {{{table}}}\n"
        + """
function request()
  local first, second = words[math.random(#words)], words[math.random(#words)]
  return wrk.format(nil, wrk.path .. "?q=" .. first .. "+" .. second)
end
"""
    )


def login_flood_script() -> str:
    return REPORT + COUNT_STATUSES + LOGIN_FLOOD


@dataclass(frozen=True)
class WrkResult:
    requests: int  # completed, whatever their status
    requests_per_second: float
    # None when no response came back within wrk's --timeout: wrk records no
    # latency above it (such responses still count as requests, and as timeouts).
    p99_ms: float | None
    # Counted by the script's response function where it has one, successes included.
    statuses: dict[int, int]
    # wrk's own "Non-2xx or 3xx responses" (every status from 400 up) and "Socket errors".
    unsuccessful: int
    socket_errors: int

    @property
    def throttled(self) -> int:
        """Responses 429 Too Many Requests: deliberate, not errors."""
        return self.statuses.get(429, 0)

    @property
    def errors(self) -> int:
        """Failed responses other than 429, plus connect, read, write and timeout errors."""
        return self.unsuccessful - self.throttled + self.socket_errors


def parse_output(output: str) -> WrkResult:
    """Read what wrk printed, with one of the scripts above, into numbers."""
    requests = re.search(r"^\s+(\d+) requests in ", output, re.MULTILINE)
    rate = re.search(r"^Requests/sec:\s+([\d.]+)$", output, re.MULTILINE)
    p99 = re.search(r"^p99 us: (\d+)$", output, re.MULTILINE)
    if not requests or not rate or not p99:
        raise ValueError(f"wrk printed no request rate or p99:\n{output}")
    sockets = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    unsuccessful = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return WrkResult(
        requests=int(requests.group(1)),
        requests_per_second=float(rate.group(1)),
        p99_ms=int(p99.group(1)) / 1000 or None,
        statuses={
            int(status): int(count)
            for status, count in re.findall(r"^Status (\d{3}): (\d+)$", output, re.MULTILINE)
        },
        unsuccessful=int(unsuccessful.group(1)) if unsuccessful else 0,
        socket_errors=sum(int(count) for count in sockets.groups()) if sockets else 0,
    )
