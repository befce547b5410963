"""The seed pair page in a real browser: Debian's headless chromium driven by Playwright, from file://.

Skips with a one-line reason when the playwright package or /usr/bin/chromium
is missing (`.ci/run` installs chromium). Screenshots go to test-artifacts/.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from compare.cli import app
from tests.conftest import ROOT, SEEDS

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
ARTIFACTS = ROOT / "test-artifacts"
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install -e '.[test]')")
if not CHROMIUM.is_file():
    pytest.skip(f"{CHROMIUM} is missing (apt-get install -y chromium)", allow_module_level=True)


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("browser") / "reports"
    result = CliRunner().invoke(app, ["run", str(SEEDS), "--out", str(out), "--html", "--no-cache"])
    assert result.exit_code == 0, result.output
    ARTIFACTS.mkdir(exist_ok=True)
    return out


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as p:
        launched = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A 1280x800 page that records console errors and uncaught exceptions; the test ends with none."""
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    yield page
    page.close()
    assert errors == []


def _pair(reports: Path) -> tuple[str, dict[str, Any], dict[str, str]]:
    data = json.loads((reports / "report.json").read_text(encoding="utf-8"))
    pair = data["pairs"][0]
    url = next((reports / "html" / "pairs").glob("*.html")).as_uri()
    return url, pair, {a["id"]: a["text"] for a in data["articles"]}


def _in_view(page: Any, selector: str, column: str) -> bool:
    """Whether the element is inside its column's visible box."""
    return page.evaluate("""([sel, col]) => {
        const e = document.querySelector(sel).nextElementSibling.getBoundingClientRect();
        const c = document.querySelector(col).getBoundingClientRect();
        return e.top >= c.top && e.bottom <= c.bottom; }""", [selector, column])


def test_shared_passages_are_lit_in_both_columns_at_their_words(reports: Path, page: Any) -> None:
    url, pair, _ = _pair(reports)
    page.goto(url)
    page.screenshot(path=str(ARTIFACTS / "pair-page.png"), full_page=True)
    for n, passage in enumerate(pair["passages"], start=1):
        colours = []
        for side in ("a", "b"):
            pieces = page.locator(f'#col-{side} [data-k~="p{n}"]')
            assert "".join(pieces.all_text_contents()) == passage[f"{side}_text"]
            colours.append(pieces.first.evaluate("e => getComputedStyle(e).backgroundColor"))
        assert colours[0] == colours[1] != "rgba(0, 0, 0, 0)", f"passage {n} has one colour in both texts"
    inserted = page.locator('#col-b [data-k~="p1"].ins')
    assert inserted.all_text_contents() == ["as president "], "the words B added are bold in B only"


def test_clicking_a_fact_scrolls_both_columns_to_its_sentences(reports: Path, page: Any) -> None:
    url, pair, texts = _pair(reports)
    page.goto(url)
    last = len(pair["facts"]["shared"])  # the last shared fact lies furthest down in A
    assert not _in_view(page, f"#a-s{last}", "#col-a") or not _in_view(page, f"#b-s{last}", "#col-b")
    page.click(f'.panel button[data-go="s{last}"]')
    assert _in_view(page, f"#a-s{last}", "#col-a") and _in_view(page, f"#b-s{last}", "#col-b")
    fact = pair["facts"]["shared"][last - 1]
    lit = "".join(page.locator(f'#col-a .active[data-k~="s{last}"]').all_text_contents())
    assert " ".join(lit.split()) == " ".join(texts[pair["a"]][fact["a_start"]:fact["a_end"]].split())
    page.screenshot(path=str(ARTIFACTS / "pair-page-fact.png"))


def test_keyboard_reaches_passages_and_enter_goes_to_them(reports: Path, page: Any) -> None:
    url, _, _ = _pair(reports)
    page.goto(url)
    page.focus('#col-a [data-go="p5"][tabindex="0"]')
    page.keyboard.press("Enter")
    assert page.locator('#col-b .active[data-k~="p5"]').count() > 0
    page.focus('.panel button[data-go="p1"]')
    page.keyboard.press("Enter")
    assert page.locator('#col-b .active[data-k~="p1"]').count() > 0


# The WCAG contrast ratio of each element's own text against the first opaque background behind it.
LOW_CONTRAST = """() => {
  const rgb = c => c.match(/[\\d.]+/g).map(Number);
  const lum = c => { const v = rgb(c).slice(0, 3).map(x => { x /= 255;
    return x <= 0.03928 ? x / 12.92 : Math.pow((x + 0.055) / 1.055, 2.4); });
    return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2]; };
  const back = e => { for (; e; e = e.parentElement) { const b = getComputedStyle(e).backgroundColor;
    if (rgb(b).length < 4 || rgb(b)[3] > 0) return b; } return "rgb(255, 255, 255)"; };
  const low = [];
  for (const e of document.querySelectorAll("body *")) {
    const own = [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
    if (!own) continue;
    const [a, b] = [lum(getComputedStyle(e).color), lum(back(e))];
    const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    if (ratio < 4.5) low.push(e.tagName + "." + e.className + " " + ratio.toFixed(2));
  }
  return low; }"""


@pytest.mark.parametrize("name", ["index.html", "pairs/*.html", "stories/*.html", "articles/*.html"])
def test_no_horizontal_scrolling_and_readable_contrast_at_1280_pixels(reports: Path, page: Any, name: str) -> None:
    page.goto(next((reports / "html").glob(name)).as_uri())
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    page.click("[data-go]") if name.startswith("pairs") else None  # lit text must stay readable too
    assert page.evaluate(LOW_CONTRAST) == []
    page.screenshot(path=str(ARTIFACTS / f"{name.split('/')[0].replace('*', 'x')}.png"), full_page=True)


def test_story_cells_link_to_their_sentence(reports: Path, page: Any) -> None:
    page.goto(next((reports / "html" / "stories").glob("*.html")).as_uri())
    assert page.locator(".matrix thead th").first.evaluate("e => getComputedStyle(e).position") == "sticky"
    link = page.locator(".matrix td a").first
    sentence = link.get_attribute("title")
    link.click()
    lit = " ".join(page.locator(".active").all_text_contents())
    assert " ".join(lit.split()) == " ".join(sentence.split())


def test_index_table_sorts_by_a_clicked_header(reports: Path, page: Any) -> None:
    page.goto((reports / "html" / "index.html").as_uri())
    first = lambda: page.locator("#corpus-table tbody tr td:first-child").all_text_contents()  # noqa: E731
    assert first() == ["1", "2"]
    page.click("#corpus-table th:nth-child(1) button")
    page.click("#corpus-table th:nth-child(1) button")
    assert first() == ["2", "1"]


def test_a_conflict_is_marked_in_both_texts_with_its_slot(reports: Path, page: Any, tmp_path: Path) -> None:
    """The seeds have no conflict, so one is added to their JSON: both sentences, both values and the slot show."""
    from compare.report.html import render_html

    data = json.loads((reports / "report.json").read_text(encoding="utf-8"))
    texts = {a["id"]: a["text"] for a in data["articles"]}
    pair = data["pairs"][0]
    fact = next(f for f in pair["facts"]["shared"] if "last December" in f["a_sentence"])
    conflict = {"kind": "date", "a_value": "last December", "b_value": "11 years", "a_sentence": fact["a_sentence"],
                "b_sentence": fact["b_sentence"], "a_start": fact["a_start"], "a_end": fact["a_end"],
                "b_start": fact["b_start"], "b_end": fact["b_end"]}
    assert "11 years" in texts[pair["b"]][fact["b_start"]:fact["b_end"]]
    pair["facts"]["conflicts"] = [conflict]
    for name, content in render_html(data).items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(content, encoding="utf-8")
    page.goto(next((tmp_path / "html" / "pairs").glob("*.html")).as_uri())
    assert page.locator("#col-a .cval").all_text_contents() == ["last December"]
    assert page.locator("#col-b .cval").all_text_contents() == ["11 years"]
    for side in ("a", "b"):
        assert page.locator(f"#{side}-c1 .badge").text_content() == "date: last December ≠ 11 years"
    page.click('.panel button[data-go="c1"]')
    assert _in_view(page, "#a-c1", "#col-a") and _in_view(page, "#b-c1", "#col-b")
    page.screenshot(path=str(ARTIFACTS / "pair-page-conflict.png"))


def test_reprint_edits_are_inline_and_a_credit_change_is_flagged(page: Any, tmp_path: Path) -> None:
    """A re-credited, cut copy with words added and removed: struck in A, bold in B, cut paragraphs struck."""
    wire = (ROOT / "tests" / "data" / "dedup" / "wire.txt").read_text(encoding="utf-8")
    paragraphs = [p for p in wire.split("\n\n") if p.strip()]
    copy = "\n\n".join(paragraphs[:8]).replace("hot spring summit", "summit").replace("Thursday", "on Thursday evening")
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.md").write_text("---\ndate: 2016-12-15\n---\nBy AFP\n\n" + wire, encoding="utf-8")
    (folder / "b.md").write_text("---\ndate: 2016-12-16\n---\nBy Reuters\n\n" + copy, encoding="utf-8")
    out = tmp_path / "reports"
    assert CliRunner().invoke(app, ["run", str(folder), "--out", str(out), "--html", "--no-cache"]).exit_code == 0
    page.goto((out / "html" / "pairs" / "a.md--b.md.html").as_uri())
    assert "AFP" in page.locator(".flag").text_content() and "Reuters" in page.locator(".flag").text_content()
    assert "hot spring" in "".join(page.locator("#col-a .del").all_text_contents())
    assert page.locator("#col-a .del").first.evaluate("e => getComputedStyle(e).textDecorationLine") == "line-through"
    assert "evening" in "".join(page.locator("#col-b .ins").all_text_contents())
    assert int(page.locator("#col-b .ins").first.evaluate("e => getComputedStyle(e).fontWeight")) >= 700
    assert paragraphs[-1] in "".join(page.locator("#col-a .cut").all_text_contents())
    page.screenshot(path=str(ARTIFACTS / "pair-page-reprint.png"), full_page=True)
