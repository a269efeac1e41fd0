"""Who a request comes from: the connection's address unless a trusted proxy names the
client (flames.guard.clients)."""

import pytest

from flames.guard.clients import budget_holder, client_address

PROXY = ("10.0.0.0/8",)


@pytest.mark.parametrize(
    ("remote", "forwarded", "trusted", "client"),
    [
        ("203.0.113.9", "", (), "203.0.113.9"),
        # Nobody is trusted by default: the header is the client's to write.
        ("203.0.113.9", "198.51.100.7", (), "203.0.113.9"),
        ("10.0.0.1", "198.51.100.7", (), "10.0.0.1"),
        ("10.0.0.1", "198.51.100.7", PROXY, "198.51.100.7"),
        # The proxy appends what it saw; whatever is left of that the client wrote.
        ("10.0.0.1", "1.2.3.4, 198.51.100.7", PROXY, "198.51.100.7"),
        ("10.0.0.1", "198.51.100.7, 10.0.0.2", PROXY, "198.51.100.7"),
        # A direct connection's header is not believed, even when it names a proxy.
        ("203.0.113.9", "198.51.100.7, 10.0.0.2", PROXY, "203.0.113.9"),
        ("10.0.0.1", "", PROXY, "10.0.0.1"),
        ("10.0.0.1", "not-an-address", PROXY, "10.0.0.1"),
        ("10.0.0.1", "198.51.100.7, garbage, 10.0.0.2", PROXY, "10.0.0.2"),
        ("10.0.0.1", "2001:db8::1", PROXY, "2001:db8::1"),
        ("::1", "2001:db8::1", ("::1",), "2001:db8::1"),
    ],
)
def test_client_address(remote, forwarded, trusted, client):
    assert client_address(remote, forwarded, trusted) == client


@pytest.mark.parametrize(
    ("address", "holder"),
    [
        ("203.0.113.9", "203.0.113.9"),
        ("2001:db8:1:2:aaaa::1", "2001:db8:1:2::/64"),
        ("2001:db8:1:2:bbbb::9", "2001:db8:1:2::/64"),
        ("unknown", "unknown"),
    ],
)
def test_an_ipv6_client_is_its_64_network(address, holder):
    assert budget_holder(address) == holder
