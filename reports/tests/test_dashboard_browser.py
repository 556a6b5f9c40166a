"""The reports dashboard in a real browser (Chromium through Playwright), served by a
real daphne with the staff's second factor on: a supervisor signs in through the login
page and the authenticator's code, and finds every panel filled, the four trend charts
drawn and nothing wider than the screen, at a desktop's and a phone's size; the form
changes the figures and says what is wrong with a reversed range; the CSV downloads;
the conversations behind the routing counts open in the ticket admin; nothing breaks
the site's CSP. An agent sees their own figures only.

The layout is checked on the demo desk (`seed_demo`: four weeks of history); the
figures on the hand-built desk of reports.tests.desk, where every number is known.
Screenshots go to /tmp/reports_shots/, to look at after the run.

Needs PostgreSQL (the daphne process shares the test database) and Chromium; without
them the tests are skipped with the reason."""

import csv
import io
import re
from pathlib import Path

import pytest
import pytest_asyncio
from asgiref.sync import sync_to_async
from django.core.management import call_command

from accounts.models import User
from accounts.tests.factories import TEST_PASSWORD
from core.tests.browser import browser_test, daphne_serving, screenshot
from core.tests.live import needs_postgres
from reports.dashboard import EXPORT_COLUMNS
from reports.tests import desk as hand_built
from twofactor.tests.helpers import authenticator_for, staff_signed_in

pytestmark = [pytest.mark.django_db(transaction=True), needs_postgres, browser_test]

URL = "/admin/reports/"
SHOTS = Path("/tmp/reports_shots")  # noqa: S108  (screenshots to look at, not kept)
DESKTOP, PHONE = (1280, 800), (390, 844)
DESK_RANGE = f"from={hand_built.D1:%Y-%m-%d}&to={hand_built.D3:%Y-%m-%d}"
PANELS = ["volume", "times", "sla", "csat", "routing", "agents"]
CHARTS = ["containment", "resolution", "csat", "sla"]


@pytest_asyncio.fixture(loop_scope="session")
async def server(transactional_db, tmp_path):
    async with daphne_serving(tmp_path, STAFF_TWO_FACTOR=1) as server:
        yield server
    assert "Traceback" not in server.output()


@pytest.fixture
def can_sign_in(settings):
    """`can_sign_in(user)`: the user's password hashed as daphne's settings expect (the
    tests' own fast hasher is not among them), and an authenticator app set up, whose
    device is returned, for the second factor."""

    def prepare(user):
        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
        user.set_password(TEST_PASSWORD)
        user.save()
        device, _ = authenticator_for(user)
        return device

    return prepare


@pytest.fixture
def demo_desk(desk, settings):
    """`seed_demo`'s four weeks of history, and its supervisor and agent. (The demo
    trains the assistant: its intents, which a transactional test's flush removed, are
    installed again first.)"""
    from assistant.defaults import install_defaults as install_assistant_defaults

    install_assistant_defaults()
    settings.DEBUG = True
    call_command("seed_demo", stdout=io.StringIO())
    return User.objects.get(email="supervisor@example.com"), User.objects.get(
        email="agent@example.com"
    )


@pytest.fixture
def known_desk(desk, customer, vip_customer, agent, colleague):
    """The hand-built desk (reports.tests.desk): its tickets by name."""
    return hand_built.build(
        customer=customer, vip_customer=vip_customer, agent=agent, colleague=colleague
    )


async def signed_in(browser, server, user, device, *, size=DESKTOP, path=URL):
    return await staff_signed_in(
        browser, server, user, device, size=size, path=path, accept_downloads=True
    )


async def tile(page, text: str) -> str:
    """The big number of the tile that says `text`."""
    return await page.locator(".tiles .tile", has_text=text).locator(".figure").first.inner_text()


async def panel_text(page, key: str) -> str:
    return await page.locator(f"section[aria-labelledby='{key}-title']").inner_text()


async def screens(page, name: str, size) -> None:
    """The page as a person sees it, one screen at a time (a whole page at a phone's
    width is too tall to look at in one picture): name-1.png, name-2.png..."""
    height = await page.evaluate("document.scrollingElement.scrollHeight")
    width, step = size[0], size[1]
    for number, top in enumerate(range(0, height, step), 1):
        clip = {"x": 0, "y": top, "width": width, "height": min(step, height - top)}
        await page.screenshot(path=str(SHOTS / f"{name}-{number}.png"), full_page=True, clip=clip)


OVERFLOW = """() => {
    const width = innerWidth;
    const where = (element) => {
        const section = element.closest("section, form");
        const name = section ? (section.getAttribute("aria-labelledby") || section.className) : "";
        return `${name}: ${element.tagName}.${[...element.classList].join(".")}`;
    };
    const wide = [...document.querySelectorAll("#content *")]
        .filter((element) => element.getBoundingClientRect().right > width + 0.5)
        .filter((element) => !element.closest("details:not([open])"))
        .map(where);
    return {scrollWidth: document.scrollingElement.scrollWidth, width, wide: wide.slice(0, 8)};
}"""

CHART_BOXES = """() => [...document.querySelectorAll("figure.chart")].map((figure) => {
    const svg = figure.querySelector("svg.trend");
    const box = svg ? svg.getBoundingClientRect() : null;
    return {
        key: figure.dataset.chart,
        width: box ? box.width : 0,
        height: box ? box.height : 0,
        lines: svg ? svg.querySelectorAll(".line, .dot").length : 0,
        axisLabels: svg ? svg.querySelectorAll("text.axis").length : 0,
        legend: figure.querySelectorAll(".legend li").length,
        fontPx: svg ? parseFloat(getComputedStyle(svg.querySelector("text.axis")).fontSize)
            * box.width / svg.viewBox.baseVal.width : 0,
    };
})"""


@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["1280", "390"])
async def test_a_supervisor_sees_every_panel_and_chart_on_the_screen(
    browser, server, demo_desk, can_sign_in, size
):
    supervisor, _ = demo_desk
    device = await sync_to_async(can_sign_in)(supervisor)
    context, page, watched = await signed_in(browser, server, supervisor, device, size=size)
    try:
        await page.locator("section.charts").wait_for()
        shot = await screenshot(page, f"reports-{size[0]}", SHOTS)
        await screens(page, f"reports-{size[0]}", size)

        tiles = await page.locator(".tiles .tile .figure").all_inner_texts()
        assert len(tiles) >= 7, tiles
        assert all(re.search(r"\d", figure) for figure in tiles), tiles
        assert int(await tile(page, "conversations")) > 0
        for key in PANELS:
            text = await panel_text(page, key)
            assert re.search(r"\d", text), f"the {key} panel has no figure: {text!r}"
        assert "\N{EN DASH}" not in await tile(page, "resolved by the assistant alone")

        charts = await page.evaluate(CHART_BOXES)
        assert [chart["key"] for chart in charts] == CHARTS, charts
        for chart in charts:
            assert chart["width"] > 0, (chart, shot)
            assert chart["height"] > 0, (chart, shot)
            assert chart["lines"] > 0, (chart, shot)
            assert chart["axisLabels"] >= 5, (chart, shot)  # the values' scale and the days
            assert chart["legend"] >= 1, (chart, shot)
            assert chart["width"] <= size[0], (chart, shot)
            assert chart["fontPx"] >= 9, f"the axis labels are {chart['fontPx']:.1f} px ({shot})"

        overflow = await page.evaluate(OVERFLOW)
        assert overflow["scrollWidth"] <= overflow["width"], (overflow, shot)
        assert overflow["wide"] == [], (overflow, shot)
    finally:
        await context.close()
    assert watched.problems() == []


async def test_the_form_the_export_and_the_routing_lists_work(
    browser, server, known_desk, supervisor, can_sign_in
):
    device = await sync_to_async(can_sign_in)(supervisor)
    context, page, watched = await signed_in(browser, server, supervisor, device)
    watched.expected.add(400)  # the reversed range
    try:
        # The last 30 days hold none of the hand-built desk's conversations.
        assert await tile(page, "conversations") == "0"

        await page.get_by_label("From", exact=True).fill(f"{hand_built.D1:%Y-%m-%d}")
        await page.get_by_label("To", exact=True).fill(f"{hand_built.D3:%Y-%m-%d}")
        await page.get_by_role("button", name="Show").click()
        await page.wait_for_url(re.compile(r"from=2026-03-02&to=2026-03-04"))
        assert await tile(page, "conversations") == "8"
        assert await tile(page, "handed to a person") == "4"
        assert "Missed hand-offs: 2" in await panel_text(page, "routing")
        await screenshot(page, "reports-known-desk-1280", SHOTS)

        await page.get_by_label("Tier").select_option("vip")
        await page.get_by_role("button", name="Show").click()
        await page.wait_for_url(re.compile(r"tier=vip"))
        assert await tile(page, "conversations") == "2"
        assert await tile(page, "handed to a person") == "2"
        assert await page.get_by_label("Tier").input_value() == "vip"  # the form remembers

        # The CSV of what is on the screen: one row a day, the exact header.
        async with page.expect_download() as download_info:
            await page.get_by_role("link", name="Export CSV").click()
        download = await download_info.value
        assert download.suggested_filename == "supportsite-report-2026-03-02-2026-03-04.csv"
        rows = list(csv.reader(io.StringIO(Path(await download.path()).read_text())))
        assert rows[0] == EXPORT_COLUMNS
        assert ",".join(rows[0]) == (
            "day,conversations,resolved_by_assistant,handed_off,median_minutes_assistant,"
            "median_minutes_person,first_response_sla_met_pct,vip_promise_met_pct,breaches,"
            "credits,csat_assistant,csat_person"
        )
        assert [row[:2] for row in rows[1:]] == [
            ["2026-03-02", "0"], ["2026-03-03", "2"], ["2026-03-04", "0"],
        ]  # fmt: skip

        # Reversed: the page says what is wrong, and shows no figures.
        await page.get_by_label("Tier").select_option("")
        await page.get_by_label("From", exact=True).fill(f"{hand_built.D3:%Y-%m-%d}")
        await page.get_by_label("To", exact=True).fill(f"{hand_built.D1:%Y-%m-%d}")
        await page.get_by_role("button", name="Show").click()
        await page.wait_for_url(re.compile(r"from=2026-03-04&to=2026-03-02"))
        alert = page.get_by_role("alert")
        assert "“From” (2026-03-04) is after “to” (2026-03-02): swap them." in (
            await alert.inner_text()
        )
        assert await page.locator(".tiles").count() == 0
        await screenshot(page, "reports-reversed-1280", SHOTS)

        # The conversations behind the routing counts open in the ticket admin.
        await page.goto(f"{server.url}{URL}?{DESK_RANGE}")
        missed = page.locator("#missed-list a")
        needless = page.locator("#needless-list a")
        assert await missed.count() == 2
        assert await needless.count() == 1
        for link, name in [(missed.filter(has_text="A3"), "A3"), (needless.first, "P2")]:
            pk = known_desk[name].pk
            assert await link.get_attribute("href") == f"/admin/tickets/ticket/{pk}/change/"
        await needless.first.click()
        await page.wait_for_url(f"{server.url}/admin/tickets/ticket/{known_desk['P2'].pk}/change/")
        assert "P2" in await page.title() or await page.get_by_text("P2").count() > 0
    finally:
        await context.close()
    assert watched.problems() == []


async def test_an_agent_sees_their_own_figures_only(
    browser, server, known_desk, agent, can_sign_in
):
    device = await sync_to_async(can_sign_in)(agent)
    context, page, watched = await signed_in(
        browser, server, agent, device, path=f"{URL}?{DESK_RANGE}"
    )
    try:
        mine = page.locator("section[aria-labelledby='mine-title']")
        await mine.wait_for()
        await screenshot(page, "reports-agent-1280", SHOTS)
        rows = await mine.locator("tbody tr").all()
        assert len(rows) == 1
        cells = await rows[0].locator("th, td").all_inner_texts()
        assert cells[:3] == ["Dana Agent", "2", "2"], cells  # P1 and P3, both solved
        page_text = await page.locator("#content").inner_text()
        assert "Lee Colleague" not in page_text
        for hidden in [".tiles", "section.charts", "#routing-title", "#agents-title"]:
            assert await page.locator(hidden).count() == 0, hidden
        # No queue or tier to choose: their figures are theirs whatever the queue.
        assert await page.get_by_label("Tier").count() == 0
        # Their export is their own too: P1 and P3 only.
        async with page.expect_download() as download_info:
            await page.get_by_role("link", name="Export CSV").click()
        download = await download_info.value
        rows = list(csv.reader(io.StringIO(Path(await download.path()).read_text())))
        assert rows[0] == EXPORT_COLUMNS
        assert sum(int(row[1]) for row in rows[1:]) == 2
    finally:
        await context.close()
    assert watched.problems() == []
