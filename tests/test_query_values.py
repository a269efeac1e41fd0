import pytest

from flames.values.query_values import bounded_int, year


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2023", 2023),
        ("1901", 1901),
        ("2199", 2199),
        ("1900", None),
        ("2200", None),
        ("0", None),
        ("-2023", None),
        ("+2023", None),
        (" 2023", None),
        ("2023\n", None),
        ("²", None),  # str.isdigit() says yes, int() says no
        ("٢٠٢٣", None),  # Arabic-Indic digits: int() reads them, the site does not
        ("9" * 30, None),
        ("9" * 5000, None),  # past int()'s limit of 4,300 digits
        ("1e3", None),
        ("", None),
    ],
)
def test_year(text, expected):
    assert year(text) == expected


def test_bounded_int_keeps_its_bounds():
    assert bounded_int("640", low=1, high=100_000) == 640
    assert bounded_int("100001", low=1, high=100_000) is None
    assert bounded_int("0", low=1, high=100_000) is None
