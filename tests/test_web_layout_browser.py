"""Every page fits a phone (390 px) and a laptop (1366 px) without horizontal scrolling (headless Chromium)."""

from __future__ import annotations

import html
import os
from pathlib import Path

import pytest

from support import PASSWORD
from web_pages import ADMIN, ANONYMOUS, CLIENT, html_pages, rich_instance, shot_name

pytestmark = pytest.mark.browser

WIDTHS = ((390, 844), (1366, 768))
#: How far a page may exceed its viewport (sub-pixel rounding).
SLACK = 1
#: ``make screenshots`` sets it: where to save a capture of every page measured (not committed).
SHOTS = os.environ.get("GUICHET_SCREENSHOTS")


def _shot(page, who: str, width: int, url: str) -> None:
    """Save the whole page as PNG, and list it in the folder's index.html."""
    folder = Path(SHOTS or ".")
    folder.mkdir(parents=True, exist_ok=True)
    name = shot_name(who, width, url)
    page.screenshot(path=str(folder / name), full_page=True)
    with (folder / "index.html").open("a", encoding="utf-8") as index:
        index.write(f'<figure><figcaption>{html.escape(who)} · {width} px · {html.escape(url)}</figcaption>'
                    f'<img src="{name}" style="max-width:{min(width, 1366)}px;border:1px solid #ccc"></figure>\n')


def _sign_in(page, base: str, email: str) -> None:
    page.goto(f"{base}/login")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()


def _overflowing(page) -> dict:
    """The page's width against the viewport's, and the widest elements that stick out."""
    return page.evaluate("""() => {
      const root = document.documentElement, limit = root.clientWidth;
      const culprits = [];
      for (const el of document.querySelectorAll('body *')) {
        const box = el.getBoundingClientRect();
        if (box.right > limit + 1 && box.width > 0 && getComputedStyle(el).position !== 'fixed') {
          let inside = el.parentElement, scrolls = false;
          while (inside) { const o = getComputedStyle(inside).overflowX;
            if (o === 'auto' || o === 'scroll' || o === 'hidden') { scrolls = true; break; } inside = inside.parentElement; }
          if (!scrolls) culprits.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
                                      (el.className && typeof el.className === 'string' ? '.' + el.className.split(' ').join('.') : '') +
                                      ' ' + Math.round(box.right));
        }
      }
      return {width: root.scrollWidth, viewport: limit, culprits: culprits.slice(0, 6)};
    }""")


@pytest.mark.parametrize("who", [ADMIN, CLIENT])
def test_every_page_fits_390_and_1366(browser, live_server, firm, company, other_company, corpus, who):
    base, app = live_server
    instance = rich_instance(app, firm, company, other_company)
    urls = html_pages(app, instance)
    problems = []
    for width, height in WIDTHS:
        context = browser.new_context(viewport={"width": width, "height": height})
        page = context.new_page()
        try:
            _sign_in(page, base, who)
            for url in urls:
                response = page.goto(base + url)
                if response is None or response.status != 200 or "text/html" not in response.headers.get("content-type", ""):
                    continue
                measure = _overflowing(page)
                if SHOTS:
                    _shot(page, who, width, url)
                if measure["width"] > measure["viewport"] + SLACK:
                    problems.append(f"{width} px {url}: {measure['width']} px wide; {measure['culprits']}")
        finally:
            context.close()
    assert not problems, "\n".join(problems)


def test_pages_before_signing_in_fit_390_and_1366(browser, live_server):
    base, _app = live_server
    problems, seen = [], 0
    for width, height in WIDTHS:
        context = browser.new_context(viewport={"width": width, "height": height})
        page = context.new_page()
        try:
            for url in ANONYMOUS:
                response = page.goto(base + url)
                assert response is not None and "text/html" in response.headers.get("content-type", ""), url
                seen += 1
                measure = _overflowing(page)
                if SHOTS:
                    _shot(page, "anonyme", width, url)
                if measure["width"] > measure["viewport"] + SLACK:
                    problems.append(f"{width} px {url}: {measure['width']} px wide; {measure['culprits']}")
        finally:
            context.close()
    assert seen == 2 * len(ANONYMOUS)
    assert not problems, "\n".join(problems)
