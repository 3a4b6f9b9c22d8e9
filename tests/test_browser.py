"""The review page and the ixbrl-viewer page opened in a real browser (Playwright driving Debian's
chromium): nothing logs an error, choosing a figure shows what the filing says of it, choosing a
message marks its facts and line; screenshots are saved under the test's tmp dir.

Playwright cannot download its own browser here, so it launches the system's chromium
(`apt-get install -y chromium`; `CHROMIUM=/path` to use another). Outside CI the tests skip when
there is none; under CI (the `CI` environment variable set, as `.ci/run` does) they fail instead.
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

STEM = "iij-1h-fy2020"
README_SHOT = Path(__file__).resolve().parents[1] / "docs" / "review-error.png"


def _missing(why: str):
    if os.environ.get("CI"):
        pytest.fail(f"{why}: browser tests must run in CI (.ci/run installs chromium)", pytrace=False)
    pytest.skip(why)


@pytest.fixture(scope="module")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("playwright is not installed (pip install -e '.[test]')")
    binary = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not binary:
        _missing("chromium is not installed (apt-get install -y chromium)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=binary, args=["--allow-file-access-from-files", "--disable-gpu"])
        yield b
        b.close()


class Page:
    """A page opened from a file, with every console error or warning, uncaught exception and failed
    load it caused."""

    def __init__(self, browser, path: Path, *, javascript: bool = True) -> None:
        self.context = browser.new_context(viewport={"width": 1440, "height": 900}, java_script_enabled=javascript)
        self.page = self.context.new_page()
        self.problems: list[str] = []
        self.page.on("console", lambda m: m.type in ("error", "warning", "assert")
                     and self.problems.append(f"console.{m.type}: {m.text}"))
        self.page.on("pageerror", lambda e: self.problems.append(f"exception: {e}"))
        self.page.on("requestfailed", lambda r: self.problems.append(f"failed: {r.url} {r.failure}"))
        self.page.goto(path.resolve().as_uri())

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.context.close()


def test_review_page_of_the_sample(browser, sample_build, tmp_path):
    with Page(browser, sample_build.out_dir / f"{STEM}-review.html") as view:
        page = view.page
        figures = page.locator("[data-fact][data-line]")
        assert figures.count() == len(sample_build.filing.facts)
        from disclose.api import taxonomy_source
        from disclose.coverage import coverage

        covered = coverage(sample_build.filing, taxonomy_source()).covered
        fact = next(f for f in sample_build.filing.facts if f.dims and f.id in covered)
        figure = page.locator(f'a.fact[data-fact="{fact.id}"]')
        figure.scroll_into_view_if_needed()
        figure.click()
        chosen = page.locator("#chosen")
        assert chosen.is_visible()
        text = chosen.inner_text()
        assert fact.concept in text and fact.period.end.isoformat() in text and fact.dims[0][1] in text
        assert f"line {fact.provenance.line}" in text and "held" in text
        assert "chosen" in figure.get_attribute("class").split()
        assert page.evaluate("location.protocol") == "file:" and page.url.endswith("-review.html")  # no jump away
        page.screenshot(path=str(tmp_path / "review-sample.png"))
        assert view.problems == []


def test_review_page_without_javascript_links_figures_to_their_facts(browser, sample_build):
    with Page(browser, sample_build.out_dir / f"{STEM}-review.html", javascript=False) as view:
        page = view.page
        fact = sample_build.filing.facts[10]
        page.locator(f'a.fact[data-fact="{fact.id}"]').click()
        assert page.url.endswith(f"#fact-{fact.id}")
        detail = page.locator(f"#fact-{fact.id}")
        assert detail.is_visible() and fact.concept in detail.inner_text()
        assert view.problems == []


def test_review_page_of_a_build_with_an_error(browser, mutated_build, tmp_path):
    code, out, line, figure = mutated_build
    assert code == 1
    with Page(browser, out / "changed-review.html") as view:
        page = view.page
        message = page.locator("#messages li.sev-error").first
        named = message.get_attribute("data-facts").split()
        message.locator(f'a[href="#L{line}"]').click()
        target = page.locator(f"#L{line}")
        assert "pointed" in target.get_attribute("class").split()
        assert target.evaluate("el => { const r = el.getBoundingClientRect(); return r.bottom > 0 && "
                               "r.top < window.innerHeight; }")
        marked = page.locator("a.fact.named")
        assert sorted(marked.evaluate_all("els => els.map(e => e.dataset.fact)")) == sorted(named)
        changed = page.locator(f"#L{line} a.fact.named", has_text=figure)
        assert changed.count() == 1 and "bad" in changed.get_attribute("class").split()
        assert "failed" in page.locator("#chosen").inner_text()
        page.screenshot(path=str(tmp_path / "review-error.png"))
        if os.environ.get("DISCLOSE_README_SHOT"):  # refresh the README's picture: DISCLOSE_README_SHOT=1 pytest ...
            page.set_viewport_size({"width": 1440, "height": 1400})  # the messages and the changed line
            page.evaluate("window.scrollTo(0, 0)")
            README_SHOT.parent.mkdir(exist_ok=True)
            page.screenshot(path=str(README_SHOT))
        assert view.problems == []


def test_viewer_page_opens_without_errors_and_inspects_a_figure(browser, sample_build, tmp_path):
    pytest.importorskip("iXBRLViewerPlugin")
    from disclose.arelle.viewer import write_viewer

    folder = tmp_path / STEM
    shutil.copytree(sample_build.out_dir, folder)
    dest, _ = write_viewer(folder / f"{STEM}.xhtml", folder / f"{STEM}-viewer.html")
    with Page(browser, dest) as view:
        page = view.page
        page.wait_for_function("() => { const f = document.querySelector('#ixv iframe');"
                               " return !document.querySelector('#ixv .loader') && f && f.contentDocument &&"
                               " f.contentDocument.querySelectorAll('.ixbrl-element').length > 0; }", timeout=90_000)
        frame = page.frame_locator("#ixv iframe").first  # the report (a second one shows text blocks)
        elements = frame.locator(".ixbrl-element")
        assert elements.count() == len(sample_build.filing.facts)
        revenue = next(f for f in sample_build.filing.facts if f.concept == "dis:Revenue" and not f.dims
                       and f.provenance.table != "narrative")
        figure = frame.locator(f'[id="{revenue.id}"]').first
        if figure.count() == 0:  # the viewer wraps the tag: select the element holding it
            figure = frame.locator(".ixbrl-element", has=frame.locator(f'[id="{revenue.id}"]')).first
        figure.scroll_into_view_if_needed()
        figure.click()
        inspector = page.locator("#inspector .fact-inspector, #inspector").first
        page.wait_for_function("() => /Revenue/.test((document.querySelector('#inspector') || {}).innerText || '')",
                               timeout=15_000)
        assert "Revenue" in inspector.inner_text()
        page.screenshot(path=str(tmp_path / "viewer.png"))
        assert view.problems == []
