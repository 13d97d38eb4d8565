"""With the Content-Security-Policy on, the overview and the wall render in Chromium and nothing is refused."""

import pytest

pytestmark = pytest.mark.browser

# Records what the browser refused; Chromium also logs each refusal to the console ("Refused to …").
_LISTEN = (
    "window.__cspViolations = [];"
    "document.addEventListener('securitypolicyviolation', e =>"
    " window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));"
)


@pytest.mark.parametrize(("path", "visible"), [("/", "Tổng số hồ sơ nhận"), ("/wall", "[data-wall-clock]")])
def test_pages_render_under_the_policy_without_violations(app_server, browser, artifacts, path, visible):
    page = browser.new_page(viewport={"width": 1440, "height": 900})
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))
    page.add_init_script(_LISTEN)
    try:
        response = page.goto(f"{app_server.url}{path}", wait_until="networkidle")
        assert response is not None and "script-src" in response.headers["content-security-policy"]
        if visible.startswith("["):
            page.locator(visible).first.wait_for(timeout=30_000)
            # The watchdog is the wall's inline script: it ticks the clock, so a blocked script leaves it empty.
            page.wait_for_function("document.querySelector('[data-wall-clock]').textContent.includes(':')")
        else:
            page.get_by_text(visible).first.wait_for(timeout=30_000)
        page.wait_for_timeout(1500)
        page.screenshot(path=str(artifacts / f"csp{path.replace('/', '-') or '-'}.png"))
        assert page.evaluate("window.__cspViolations") == []
        assert [m for m in console if "Content Security Policy" in m or "Refused to" in m] == []
    finally:
        page.close()
