"""Regenerate docs/pair-page.png: the seed pair page as a new user sees it after `compare run seeds/ --html`.

Run from the repository root: ``python docs/screenshot.py``. It renders the
seed reports into a temporary folder (the committed reports are not touched)
and photographs the pair page in Debian's headless chromium through
Playwright, at 1280x800, after clicking the first shared passage.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]


def main() -> int:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "reports"
        subprocess.run([sys.executable, "-m", "compare", "run", str(ROOT / "seeds"), "--out", str(out), "--html",
                        "--no-cache", "--quiet"], check=True, stdout=subprocess.DEVNULL)
        page_path = next((out / "html" / "pairs").glob("*.html"))
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            page.goto(page_path.as_uri())
            page.click('.panel button[data-go="p5"]')
            page.screenshot(path=str(ROOT / "docs" / "pair-page.png"), full_page=True)
            browser.close()
    print("wrote docs/pair-page.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
