"""Swedish and German in a real browser (Chromium through Playwright), served by a real
daphne: the header's switcher (a plain form, no script needed) changes the language of
the home page, the login page, the account overview, the chat (its script's texts
included) and a request's page, and at a desktop's and a phone's width nothing is wider
than the screen: German words are long. Screenshots go to /tmp/language_shots/, to
look at after the run.

Needs PostgreSQL (the daphne process shares the test database) and Chromium; without
them the tests are skipped with the reason."""

from pathlib import Path

import pytest
import pytest_asyncio
from asgiref.sync import sync_to_async

from core.tests.browser import (
    browser_test,
    daphne_serving,
    inside,
    measured,
    page_as,
    screenshot,
    sized,
)
from core.tests.live import needs_postgres
from tickets.defaults import install_defaults as install_desk
from tickets.tests.factories import MessageFactory, TicketFactory

pytestmark = [pytest.mark.django_db(transaction=True), needs_postgres, browser_test]

SHOTS = Path("/tmp/language_shots")  # noqa: S108  (screenshots to look at, not kept)
DESKTOP, PHONE = (1280, 800), (390, 844)
# Per language: what the switcher's option says, and words each page shows in it.
LANGUAGES = {
    "sv": {
        "option": "Svenska",
        "/": "Dina köp, betalningar och återbetalningar på ett ställe",
        "/login/": "Glömt lösenordet?",
        "/account/": "Nästa betalning",
        "/chat/": "Prata med en person nu",
        "ticket": "Skicka svar",
        "chat_owner": "Assistenten",
    },
    "de": {
        "option": "Deutsch",
        "/": "Ihre Einkäufe, Zahlungen und Erstattungen an einem Ort",
        "/login/": "Passwort vergessen?",
        "/account/": "Nächste Zahlung",
        "/chat/": "Jetzt mit einem Menschen sprechen",
        "ticket": "Antwort senden",
        "chat_owner": "Assistent",
    },
}
# What must stay within the screen: everything a person reads or presses.
READ = "h1, h2, h3, p, label, a, button, select, th, dt, dd, .badge"


@pytest_asyncio.fixture(loop_scope="session")
async def server(transactional_db, tmp_path):
    await sync_to_async(install_desk)()
    async with daphne_serving(tmp_path) as server:
        yield server
    assert "Traceback" not in server.output()


@sync_to_async
def a_request_of(customer):
    ticket = TicketFactory(customer=customer, subject="Var är min återbetalning?")
    MessageFactory(ticket=ticket, body="Hej! Var är min återbetalning?")
    return ticket.pk


async def switch_to(page, language: str) -> None:
    """The header's switcher, as a person uses it: choose, then press the button."""
    await page.get_by_label(_current_label(await page.get_attribute("html", "lang"))).select_option(
        LANGUAGES[language]["option"]
    )
    async with page.expect_navigation():
        await page.locator(".language-form button").click()
    assert await page.get_attribute("html", "lang") == language


def _current_label(lang: str) -> str:
    """The switcher's (visually hidden) label, in the page's current language."""
    return {"en": "Language", "sv": "Språk", "de": "Sprache"}[lang]


async def fits(page, name: str, width: int) -> None:
    """Nothing wider than the screen, and a screenshot to look at."""
    shot = await screenshot(page, name, SHOTS)
    boxes, scroll_width = await measured(page, read=READ)
    outside = [box for box in boxes["read"] if box["width"] > 1 and not inside(box, width)
               and not await _in_scrolling_table(page, box)]  # fmt: skip
    assert scroll_width <= width, (name, scroll_width, shot)
    assert outside == [], (name, outside[:5], shot)


async def _in_scrolling_table(page, box) -> bool:
    # A wide table scrolls inside its own region (.table-wrap), on purpose.
    return await page.evaluate(
        "([x, y]) => !!document.elementFromPoint(Math.min(x, innerWidth - 1), y - scrollY)"
        "?.closest('.table-wrap')",
        [box["x"] + 1, box["y"] + 1],
    )


@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["1280", "390"])
@pytest.mark.parametrize("language", ["sv", "de"])
async def test_a_visitor_switches_the_home_and_login_pages(browser, server, language, size):
    context = await browser.new_context(viewport={"width": size[0], "height": size[1]})
    try:
        page = await context.new_page()
        await page.goto(server.url + "/")
        await switch_to(page, language)
        assert LANGUAGES[language]["/"] in await page.locator("main").inner_text()
        await fits(page, f"home-{language}-{size[0]}", size[0])

        await page.goto(server.url + "/login/")  # the choice is remembered (a cookie)
        assert await page.get_attribute("html", "lang") == language
        assert LANGUAGES[language]["/login/"] in await page.locator("main").inner_text()
        await fits(page, f"login-{language}-{size[0]}", size[0])
    finally:
        await context.close()


@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["1280", "390"])
@pytest.mark.parametrize("language", ["sv", "de"])
async def test_a_customer_switches_their_account_chat_and_request(
    browser, server, customer, language, size
):
    ticket_id = await a_request_of(customer)
    async with page_as(browser, customer, server.url + "/account/", prepare=sized(*size)) as (
        page,
        _frames,
    ):
        await switch_to(page, language)
        assert LANGUAGES[language]["/account/"] in await page.locator("main").inner_text()
        await fits(page, f"account-{language}-{size[0]}", size[0])

        await page.goto(server.url + "/chat/")
        owner = page.locator("#chat-owner")
        # Written by the chat's script once its socket is open: its own catalog.
        await owner.filter(has_text=LANGUAGES[language]["chat_owner"]).wait_for()
        assert LANGUAGES[language]["/chat/"] in await page.locator("main").inner_text()
        await fits(page, f"chat-{language}-{size[0]}", size[0])

        await page.goto(f"{server.url}/tickets/{ticket_id}/")
        assert LANGUAGES[language]["ticket"] in await page.locator("main").inner_text()
        await fits(page, f"ticket-{language}-{size[0]}", size[0])

    stored = await sync_to_async(lambda: type(customer).objects.get(pk=customer.pk).language)()
    assert stored == language
