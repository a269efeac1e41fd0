"""Who a request comes from, for sign-in limits and request budgets (pure Python).

Behind a reverse proxy every connection comes from the proxy, which names the client in
X-Forwarded-For, appending the address it saw to whatever the client sent. Only the
addresses appended by trusted proxies can be believed, so the header is read from the
right, and only while the address in hand is a trusted proxy.
"""

import ipaddress
from functools import lru_cache

# An IPv6 client is usually given a whole /64: its addresses are one client.
IPV6_CLIENT_PREFIX = 64


def client_address(remote_addr: str, forwarded_for: str, trusted_proxies: tuple[str, ...]) -> str:
    """The connection's address, or, when that is a trusted proxy, the nearest address in
    ``forwarded_for`` that is not one. A malformed entry ends the walk: nothing left of it
    can be trusted, so the last proxy's address stands for the client."""
    networks = _networks(trusted_proxies)
    address = remote_addr
    hops = [hop.strip() for hop in forwarded_for.split(",")] if forwarded_for else []
    while hops and _within(address, networks):
        candidate = _parsed(hops.pop())
        if candidate is None:
            break
        address = str(candidate)
    return address


def budget_holder(address: str) -> str:
    """What a budget is kept for: the address, or for IPv6 its /64 network."""
    parsed = _parsed(address)
    if parsed is None or parsed.version == 4:
        return address
    return str(ipaddress.ip_network(f"{parsed}/{IPV6_CLIENT_PREFIX}", strict=False))


@lru_cache(maxsize=16)
def _networks(trusted_proxies: tuple[str, ...]) -> tuple:
    return tuple(ipaddress.ip_network(network, strict=False) for network in trusted_proxies)


def _within(address: str, networks: tuple) -> bool:
    parsed = _parsed(address)
    return parsed is not None and any(parsed in network for network in networks)


def _parsed(text: str):
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None
