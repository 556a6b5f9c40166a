"""Real-browser tests: Playwright for Python driving Debian's Chromium.

The browser is `/usr/bin/chromium` from the distribution (CI installs it with apt-get),
never one that `playwright install` downloads: nothing fetches a browser at run time.
Without Playwright or without that Chromium, a test that needs the `browser` fixture is
skipped with the reason, never passed.

The suite runs each async test on its own event loop; the browser lives for the whole
session, on the session's loop. So a browser test (and any async fixture that touches
the browser) runs on that loop too: mark it `@browser_test` (or put `browser_test` in
the module's `pytestmark`). The page is served by a real daphne (`live.Daphne`) on the
test database, which needs PostgreSQL.
"""

import json
import time
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import pytest_asyncio
from asgiref.sync import sync_to_async
from django.db import connections

from core.tests.live import Daphne
from core.tests.sockets import session_cookie

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = ROOT / "var" / "screenshots"

# Without the background-networking flags Chromium reaches for Google's services, and the
# closed network of CI refuses the connections (noise, and delays at start-up).
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",  # CI runs as root, where Chromium's sandbox refuses to start
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

browser_test = pytest.mark.asyncio(loop_scope="session")


@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def browser():
    """One headless Chromium for the session (a new context per page keeps tests apart)."""
    try:
        from playwright.async_api import async_playwright
    except ImportError:
        pytest.skip("Playwright is not installed: pip install -r requirements-dev.txt")
    if not CHROMIUM.exists():
        pytest.skip(
            f"no Chromium at {CHROMIUM}: apt-get install chromium (never `playwright install`)"
        )
    async with async_playwright() as playwright:
        chromium = await playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS
        )
        yield chromium
        await chromium.close()


@asynccontextmanager
async def daphne_serving(tmp_path, **env):
    """A daphne process serving the test database (`env`: its settings). On the way
    out it is stopped and the ORM connections made through sync_to_async are closed on
    their thread, so the test database can be dropped."""
    server = Daphne(tmp_path, **env).start()
    try:
        yield server
    finally:
        server.stop()
        await sync_to_async(connections.close_all)()


@asynccontextmanager
async def page_as(browser, user, url: str, *, prepare=None):
    """`(page, frames)`: a page at `url`, logged in as `user` (a fresh session of theirs,
    in a browser context of its own, closed on the way out), and the websocket frames it
    sends and receives from the start. `prepare(page)`, if given, is awaited before the
    page loads (to route its websocket, say)."""
    cookie = await sync_to_async(session_cookie)(user)
    name, value = cookie.split("=", 1)
    context = await browser.new_context()
    try:
        await context.add_cookies(
            [{"name": name, "value": value, "domain": "127.0.0.1", "path": "/", "httpOnly": True}]
        )
        page = await context.new_page()
        frames = WebsocketFrames.record(page)
        if prepare is not None:
            await prepare(page)
        await page.goto(url)
        yield page, frames
    finally:
        await context.close()


@dataclass
class Frame:
    at: float  # time.monotonic()
    data: dict


@dataclass
class WebsocketFrames:
    """Every websocket frame a page sent and received, and when each socket opened."""

    sent: list[Frame] = field(default_factory=list)
    received: list[Frame] = field(default_factory=list)
    opened: list[float] = field(default_factory=list)

    @classmethod
    def record(cls, page) -> "WebsocketFrames":
        """Start recording; call before the page opens its sockets."""
        frames = cls()

        def on_websocket(socket_):
            frames.opened.append(time.monotonic())
            socket_.on("framesent", lambda payload: frames.sent.append(_frame(payload)))
            socket_.on("framereceived", lambda payload: frames.received.append(_frame(payload)))

        page.on("websocket", on_websocket)
        return frames

    def sent_of_type(self, kind: str, since: float = 0.0) -> list[dict]:
        return [
            frame.data
            for frame in self.sent
            if frame.at >= since and frame.data.get("type") == kind
        ]

    def connects_since(self, since: float) -> int:
        return sum(1 for opened in self.opened if opened >= since)


def _frame(payload) -> Frame:
    try:
        data = json.loads(payload)
    except (TypeError, ValueError):
        data = {"type": None, "raw": payload}
    return Frame(at=time.monotonic(), data=data if isinstance(data, dict) else {"raw": data})


async def screenshot(page, name: str, folder: Path = SCREENSHOTS) -> Path:
    """Save the whole page as `folder/name.png` (by default in var/screenshots/, which
    git ignores) and return the path, to look at after the run."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.png"
    await page.screenshot(path=str(path), full_page=True)
    return path


# --- Where things are on a page -------------------------------------------------------


def sized(width, height):
    async def prepare(page):
        await page.set_viewport_size({"width": width, "height": height})

    return prepare


# Every box in one go, in page coordinates: the page may scroll in between.
BOXES = """(selectors) => {
    const place = (element) => {
        const box = element.getBoundingClientRect();
        return {x: box.x + scrollX, y: box.y + scrollY, width: box.width, height: box.height};
    };
    // A list's cell is named by its column-<field> class.
    const label = (element) => [...element.classList].find((name) => name.startsWith("column-"))
        || element.className || element.id || element.tagName;
    return {
        boxes: Object.fromEntries(Object.entries(selectors).map(([name, selector]) => {
            const found = [...document.querySelectorAll(selector)];
            return [name, found.map((element) => ({
                label: label(element),
                ...place(element),
                scrolls: element.scrollWidth > element.clientWidth,
            }))];
        })),
        scrollWidth: document.documentElement.scrollWidth,
    };
}"""


async def measured(page, **selectors) -> tuple[dict, int]:
    found = await page.evaluate(BOXES, selectors)
    return found["boxes"], found["scrollWidth"]


def right_edge(box: dict) -> float:
    return box["x"] + box["width"]


def inside(box: dict, width: int) -> bool:
    return 0 <= box["x"] <= right_edge(box) <= width


def overlaps(a: dict, b: dict) -> bool:
    return not (
        right_edge(a) <= b["x"] or right_edge(b) <= a["x"]
        or a["y"] + a["height"] <= b["y"] or b["y"] + b["height"] <= a["y"]
    )  # fmt: skip


class Watched:
    """What went wrong on a page: console errors (Chromium logs each CSP violation as
    one), uncaught errors, and responses of 400 and more (but those `expected`)."""

    def __init__(self, page):
        self.errors, self.failed, self.expected = [], [], set()
        page.on("console", lambda message: message.type == "error" and self.errors.append(message))
        page.on("pageerror", lambda error: self.errors.append(error))
        page.on("response", self._response)

    def _response(self, response):
        if response.status >= 400 and not response.url.endswith("/favicon.ico"):
            self.failed.append((response.status, response.url))

    def problems(self) -> list:
        # Not the /favicon.ico Chromium asks for by itself: the site has none there; nor
        # the console's note of a response with an expected status.
        noted = [f"status of {status} " for status in self.expected]
        errors = [
            getattr(e, "text", None) or str(e)
            for e in self.errors
            if not getattr(e, "location", {}).get("url", "").endswith("/favicon.ico")
            and not any(note in getattr(e, "text", "") for note in noted)
        ]
        return errors + [f for f in self.failed if f[0] not in self.expected]
