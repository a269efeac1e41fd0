"""The Content-Security-Policy is sent and enforced.

The accessibility tests assert that no public page draws a CSP report; this
one shows that those reports would be seen: Chromium enforces the policy and
logs each refusal where the tests listen.
"""

import pytest

pytestmark = pytest.mark.browser


def test_content_security_policy_refuses_inline_script_and_style(browsing, demo):
    page = browsing.new_page()
    response = page.goto("/en/")

    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert page.csp_reports == []

    with page.expect_console_message(lambda m: "Content Security Policy" in m.text):
        page.evaluate(
            """() => {
                const script = document.createElement("script");
                script.textContent = "window.inlineScriptRan = true;";
                document.body.append(script);
            }"""
        )
    assert page.evaluate("() => window.inlineScriptRan") is None

    with page.expect_console_message(lambda m: "Content Security Policy" in m.text):
        page.evaluate(
            """() => {
                const style = document.createElement("style");
                style.textContent = "body { display: none; }";
                document.head.append(style);
            }"""
        )
    assert page.locator("body").is_visible()
    assert len(page.csp_reports) == 2
    assert "script-src 'self'" in page.csp_reports[0]
    assert "style-src 'self'" in page.csp_reports[1]
