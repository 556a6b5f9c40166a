"""The pages that add text in the browser (the customer's chat, the agents' ticket
page and queue) show it through one script, static/js/user_text.js, which marks the
same characters as the server, the same way."""

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

from core.tests.invisible import ARABIC, HEBREW, SPOOFED
from core.tests.test_invisible_characters import EVERY_INVISIBLE, LEGITIMATE
from core.unicode_text import show_invisible

STATIC = Path(settings.BASE_DIR) / "static"
SCRIPT = STATIC / "js" / "user_text.js"
USERS = {"chat": STATIC / "js" / "chat.js", "live": STATIC / "admin_workspace" / "live.js"}
# People's text put in as text but unmarked: what the scripts did before.
UNMARKED = re.compile(
    r"textContent\s*\+?=\s*(?:[^;]*\bframe\.(?:body|text|author_name|subject|reason)\b|text;)"
)

# Runs user_text.js in Node with a stand-in for the few DOM calls it makes, and
# writes each rendered text as HTML, escaped as Django escapes.
NODE_RENDER = r"""
const escape = (s) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
  .replace(/"/g, "&quot;").replace(/'/g, "&#x27;");
class Node {
  constructor(tag) { this.tag = tag; this.children = []; this.title = ""; this.className = ""; }
  appendChild(child) { this.children.push(child); return child; }
  set textContent(text) { this.children = text ? [{ text }] : []; }
  get html() {
    return this.children.map((c) => (c.text !== undefined ? escape(c.text) :
      `<${c.tag} class="${c.className}" title="${escape(c.title)}">${c.html}</${c.tag}>`)).join("");
  }
}
globalThis.window = globalThis;
globalThis.document = {
  createElement: (tag) => new Node(tag),
  createTextNode: (text) => ({ text }),
};
require(process.argv[1]);
const texts = JSON.parse(require("fs").readFileSync(0, "utf8"));
const html = texts.map((text) => window.UserText.render(new Node("div"), text).html);
process.stdout.write(JSON.stringify(html));
"""


def test_the_chat_page_loads_the_script_before_its_own(customer_client):
    page = customer_client.get("/chat/").content.decode()

    assert page.index("/static/js/user_text.js") < page.index("/static/js/chat.js")
    assert "/static/css/user_text.css" in page
    assert 'id="chat-owner" class="user-text" dir="auto"' in page


@pytest.mark.parametrize("url", ["/admin/tickets/ticket/", "/admin/tickets/ticket/{pk}/change/"])
def test_the_agents_pages_load_the_script_before_the_live_updates(client, superuser, desk, url):
    from tickets import services

    ticket = services.ticket_open(customer=superuser, subject="Question")
    client.force_login(superuser)

    page = client.get(url.format(pk=ticket.pk)).content.decode()

    assert page.index("/static/js/user_text.js") < page.index("/static/admin_workspace/live.js")
    assert "/static/css/user_text.css" in page


@pytest.mark.parametrize("name", USERS)
def test_the_live_scripts_put_peoples_text_in_through_user_text_only(name):
    source = USERS[name].read_text()

    assert "UserText.render(" in source
    assert "innerHTML" not in source
    assert not UNMARKED.search(source)


@pytest.mark.skipif(shutil.which("node") is None, reason="needs Node.js to run the script")
def test_the_script_marks_exactly_what_the_server_marks():
    texts = [
        *(f"a{char}b" for char in EVERY_INVISIBLE),
        *LEGITIMATE.values(),
        SPOOFED,
        f"{ARABIC} {HEBREW}",
        "<b>'quoted' & \u202e\"more\"</b>",
        "👩\u200d\u200d💻 a\u200d👩 🏴\U000e0067\U000e0062\U000e0078\U000e007f",
        "",
    ]

    result = subprocess.run(
        ["node", "-e", NODE_RENDER, str(SCRIPT)],  # noqa: S607
        input=json.dumps(texts),
        capture_output=True,
        text=True,
        check=True,
        timeout=30,
    )

    assert json.loads(result.stdout) == [str(show_invisible(text)) for text in texts]
