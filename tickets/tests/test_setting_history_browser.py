"""A setting's history in a real browser (Chromium through Playwright), served by a real
daphne with the staff's second factor on, at a desktop's and a phone's width: a
supervisor changes an escalation rule (its name and a long pattern) and an SLA policy
through the admin's own change forms, then finds each change on the setting's History
page, with who made it and when (with the time zone), and on the change's own page the
old and the new values, both in sight, marked as before and after; nothing wider than
the screen, nothing in the console. A help article's text of several lines is compared
line by line, with a key to its marks. An agent, who may not see the rules, is refused
the change's page (403).

Screenshots go to var/screenshots/ (setting-history-*.png), to look at after the run.

Needs PostgreSQL (the daphne process shares the test database) and Chromium; without
them the tests are skipped with the reason."""

import re

import pytest
import pytest_asyncio
from asgiref.sync import sync_to_async

from accounts.tests.factories import TEST_PASSWORD
from assistant.models import Article
from core.tests.browser import browser_test, daphne_serving, screenshot
from core.tests.live import needs_postgres
from tickets.models import EscalationRule, SLAPolicy
from twofactor.tests.helpers import authenticator_for
from twofactor.tests.helpers import staff_signed_in as signed_in

pytestmark = [pytest.mark.django_db(transaction=True), needs_postgres, browser_test]

DESKTOP, PHONE = (1280, 800), (390, 844)

OLD_NAME = "Mentions a lawyer"
NEW_NAME = "Mentions a lawyer, a court or the ombudsman"
OLD_PATTERN = r"\b(lawyer|solicitor|attorney)\b"
# As long as a real one grows: one word to the browser, which must still wrap it.
NEW_PATTERN = (
    r"\b(lawyer|solicitor|attorney|barrister|legal[-_]?action|small[-_]?claims[-_]?court|"
    r"ombudsman|trading[-_]?standards|chargeback|class[-_]?action|court[-_]?order)\b"
)
NEW_POLICY_NAME = "Standard customers, normal priority: answered within the working day"


@pytest_asyncio.fixture(loop_scope="session")
async def server(transactional_db, tmp_path):
    async with daphne_serving(tmp_path, STAFF_TWO_FACTOR=1) as server:
        yield server
    assert unexpected_tracebacks(server.output()) == []


def unexpected_tracebacks(output: str) -> list[str]:
    """The server's tracebacks, but Django's log of each refusal (a 403, which it logs
    with the PermissionDenied raised): those the agent's test expects."""
    found = output.split("Traceback (most recent call last):")[1:]
    return [text for text in found if "django.core.exceptions.PermissionDenied" not in text]


@pytest.fixture
def can_sign_in(settings):
    """`can_sign_in(user)`: the user's password hashed as daphne's settings expect, and
    an authenticator app set up, whose device is returned, for the second factor."""

    def prepare(user):
        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
        user.set_password(TEST_PASSWORD)
        user.save()
        device, _ = authenticator_for(user)
        return device

    return prepare


@pytest.fixture
def rule(desk):
    return EscalationRule.objects.create(
        name=OLD_NAME, position=35, pattern=OLD_PATTERN, hand_off=True
    )


@pytest.fixture
def policy(desk):
    return SLAPolicy.objects.filter(is_active=True).order_by("position").first()


OVERFLOW = """() => {
    const width = innerWidth;
    const wide = [...document.querySelectorAll("#content *")]
        .filter((element) => element.getBoundingClientRect().right > width + 1)
        .map((element) => `${element.tagName}.${[...element.classList].join(".")}`);
    return {scrollWidth: document.scrollingElement.scrollWidth, width, wide: wide.slice(0, 8)};
}"""


async def fits(page, shot) -> None:
    """Nothing on the page is wider than the window: no scrolling sideways."""
    overflow = await page.evaluate(OVERFLOW)
    assert overflow["scrollWidth"] <= overflow["width"] + 1, (overflow, shot)
    assert overflow["wide"] == [], (overflow, shot)


async def in_sight(locator, width: int) -> str:
    """The element's text, once it is shown and lies within the window's width."""
    assert await locator.is_visible()
    box = await locator.bounding_box()
    assert box is not None
    assert box["x"] >= 0, box
    assert box["x"] + box["width"] <= width + 1, box
    return await locator.inner_text()


async def save_form(page, server, url: str, **values) -> None:
    """Fill the admin's change form at `url` (field name: text) and save it."""
    await page.goto(f"{server.url}{url}")
    for name, value in values.items():
        await page.locator(f"#id_{name}").fill(str(value))
    await page.locator("input[name='_save']").click()
    await page.wait_for_url(re.compile(r"/change/$|/$"))
    assert await page.locator(".errornote").count() == 0, await page.content()
    assert await page.locator(".messagelist .success").count() == 1


async def newest_change(page, server, history_url: str, user, size, shot: str):
    """The History page's newest row, checked: a change by `user`, with a date in the
    time zone named; its cells' text by column, and the link to the change's page."""
    await page.goto(f"{server.url}{history_url}")
    table = page.locator("table.setting-history")
    await table.wait_for()
    path = await screenshot(page, shot)
    await fits(page, path)
    row = table.locator("tbody tr").first
    cells = await row.locator("td, th").all_inner_texts()
    heads = await table.locator("thead th").all_text_contents()  # not as CSS capitalises them
    found = dict(zip([h.strip() for h in heads], [c.strip() for c in cells], strict=True))
    assert found["Change"].startswith("Changed"), (found, path)
    assert user.email in found["Changed by"], (found, path)
    when = found["Date/time"]
    assert re.search(r"\d{1,2} \w{3} \d{4}, \d{2}:\d{2}:\d{2}", when), (when, path)
    assert "UTC" in when, (when, path)  # the site's TIME_ZONE, named
    await in_sight(row.locator("td.when"), size[0])
    return found, row.get_by_role("link", name="What changed")


async def before_and_after(page, field: str, size) -> tuple[str, str]:
    """On a change's page, the field's value before and after, each shown and on screen."""
    row = page.locator("table.setting-diff tbody tr", has=page.locator("th", has_text=field))
    assert await row.count() == 1, field
    before = row.locator(".before").first
    after = row.locator(".after").first
    return await in_sight(before, size[0]), await in_sight(after, size[0])


@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["1280", "390"])
async def test_a_supervisor_reads_who_changed_a_setting_when_and_what_it_was(
    browser, server, supervisor, rule, policy, can_sign_in, size
):
    device = await sync_to_async(can_sign_in)(supervisor)
    context, page, watched = await signed_in(browser, server, supervisor, device, size=size)
    old_policy_name, old_minutes = policy.name, policy.first_response_minutes
    try:
        # The rule: a new name and a longer pattern, through its change form.
        rule_url = f"/admin/tickets/escalationrule/{rule.pk}/"
        await save_form(page, server, f"{rule_url}change/", name=NEW_NAME, pattern=NEW_PATTERN)
        found, link = await newest_change(
            page, server, f"{rule_url}history/", supervisor, size,
            f"setting-history-rule-{size[0]}",
        )  # fmt: skip
        assert "Name:" in found["Before → after"], found
        assert "Pattern:" in found["Before → after"], found
        await link.click()
        await page.wait_for_url(re.compile(r"/history/\d+/diff/$"))
        shot = await screenshot(page, f"setting-history-rule-diff-{size[0]}")
        await fits(page, shot)
        heading = await page.locator("#content-main").inner_text()
        assert supervisor.email in heading, (heading, shot)
        assert "UTC" in heading, (heading, shot)
        assert await before_and_after(page, "Name", size) == (OLD_NAME, NEW_NAME), shot
        before, after = await before_and_after(page, "Pattern", size)
        # The long pattern wraps: all of it is there, none of it past the screen's edge.
        assert before == OLD_PATTERN, (before, shot)
        assert "".join(after.split()) == NEW_PATTERN, (after, shot)

        # The policy: a new name and first response, through its change form.
        policy_url = f"/admin/tickets/slapolicy/{policy.pk}/"
        await save_form(
            page, server, f"{policy_url}change/",
            name=NEW_POLICY_NAME, first_response_minutes=old_minutes + 15,
        )  # fmt: skip
        found, link = await newest_change(
            page, server, f"{policy_url}history/", supervisor, size,
            f"setting-history-policy-{size[0]}",
        )  # fmt: skip
        assert NEW_POLICY_NAME in found["Before → after"], found
        await link.click()
        await page.wait_for_url(re.compile(r"/history/\d+/diff/$"))
        shot = await screenshot(page, f"setting-history-policy-diff-{size[0]}")
        await fits(page, shot)
        assert await before_and_after(page, "Name", size) == (old_policy_name, NEW_POLICY_NAME)
        assert await before_and_after(page, "First response minutes", size) == (
            str(old_minutes), str(old_minutes + 15)
        )  # fmt: skip
    finally:
        await context.close()
    assert watched.problems() == []


ARTICLE_BODY = "\n\n".join(
    [
        "Pay by bank transfer to the IBAN printed on your statement.",
        "Use your order number as the reference.",
        "Transfers take one to three working days to arrive.",
        "Any day of the month is fine.",
        "Questions? Ask the assistant.",
    ]
)
NEW_LINE = (
    "Use your order number as the reference, exactly as printed (for example "
    "ZX-2026-0048812-INSTALMENT-03), or the payment cannot be matched to your plan."
)


@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["1280", "390"])
async def test_a_help_articles_text_is_compared_line_by_line(
    browser, server, supervisor, can_sign_in, size
):
    article = await sync_to_async(Article.objects.create)(
        title="Paying by bank transfer", slug="bank-transfer", body=ARTICLE_BODY
    )
    device = await sync_to_async(can_sign_in)(supervisor)
    context, page, watched = await signed_in(browser, server, supervisor, device, size=size)
    try:
        url = f"/admin/assistant/article/{article.pk}/"
        body = ARTICLE_BODY.replace("Use your order number as the reference.", NEW_LINE)
        await save_form(page, server, f"{url}change/", body=body)
        found, link = await newest_change(
            page, server, f"{url}history/", supervisor, size, f"setting-history-article-{size[0]}"
        )
        assert "Body: 1 line removed, 1 added" in found["Before → after"], found
        await link.click()
        await page.wait_for_url(re.compile(r"/history/\d+/diff/$"))
        shot = await screenshot(page, f"setting-history-article-diff-{size[0]}")
        await fits(page, shot)
        lines = page.locator("table.setting-diff .line-diff")
        key = await in_sight(page.locator(".line-diff-key"), size[0])
        for words in ["before", "after", "left out"]:
            assert words in key, (key, shot)
        removed = await in_sight(lines.locator("li.removed"), size[0])
        added = await in_sight(lines.locator("li.added"), size[0])
        assert removed == "Use your order number as the reference.", shot
        assert "".join(added.split()) == "".join(NEW_LINE.split()), shot
    finally:
        await context.close()
    assert watched.problems() == []


async def test_an_agent_may_not_open_a_rules_change(browser, server, agent, rule, can_sign_in):
    device = await sync_to_async(can_sign_in)(agent)
    change = await sync_to_async(rule.history.get)()
    context, page, watched = await signed_in(browser, server, agent, device, size=DESKTOP)
    watched.expected.add(403)  # what the history_diff_view answers those who may not see it
    try:
        diff = f"/admin/tickets/escalationrule/{rule.pk}/history/{change.history_id}/diff/"
        response = await page.goto(f"{server.url}{diff}")
        assert response.status == 403
        assert OLD_PATTERN not in await page.content()
        await screenshot(page, "setting-history-agent-refused")
    finally:
        await context.close()
    assert watched.problems() == []
