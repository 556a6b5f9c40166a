def test_the_chat_page_loads_its_script_from_a_file(customer_client):
    page = customer_client.get("/chat/").content.decode()

    assert '<script src="/static/js/chat.js"></script>' in page
    assert 'for="chat-text"' in page
    assert "Talk to a person now" in page


def test_talk_to_a_human_leads_customers_to_the_chat(customer_client):
    page = customer_client.get("/account/").content.decode()

    assert 'class="button button-human" href="/chat/"' in page


def test_staff_are_sent_to_the_queue_and_strangers_to_log_in(client, agent, db):
    assert client.get("/chat/")["Location"].startswith("/login/")
    client.force_login(agent)
    assert client.get("/chat/")["Location"] == "/admin/tickets/ticket/"
