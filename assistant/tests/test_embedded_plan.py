"""How the embedded model reads a message: one question or several, a follow-up, and
when a person is needed, offered or not needed at all. Triage is given per text."""

import json

import pytest

from assistant import answers, embedded
from assistant.embedded import Turn, plan, respond, split_questions
from assistant.tests.fakes import triaged


def triage_by(table: dict, default=None):
    default = default or triaged("oos", out_of_scope=True, confidence=0.9)
    return lambda text: table.get(text, default)


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("Why did my Nike payment fail? and can I just pay it now myself?",
         ["Why did my Nike payment fail?", "can I just pay it now myself?"]),
        ("when was my nike refund paid out and also when is my next ikea payment?",
         ["when was my nike refund paid out", "when is my next ikea payment?"]),
        ("hi, when is my next payment due and how much is it?",
         ["hi, when is my next payment due and how much is it?"]),
        ("whats my balance; also where is my refund", ["whats my balance", "where is my refund"]),
        ("hello. where is my refund", ["hello. where is my refund"]),
        ("How much left on the Otto one + whats the fee if Im late",
         ["How much left on the Otto one", "whats the fee if Im late"]),
        # a comma before a question word, after a question
        ("Hi! when's my next payment, where is my IKEA refund, and how much is left on it?",
         ["Hi! when's my next payment", "where is my IKEA refund",
          "how much is left on it?"]),
        ("what is my balance, when is the next payment", ["what is my balance",
                                                          "when is the next payment"]),
        # ... and not after a lead-in or a condition
        ("Sorry to bother you, when is my next payment",
         ["Sorry to bother you, when is my next payment"]),
        ("ok so if the card expires, what happens to my payments",
         ["ok so if the card expires, what happens to my payments"]),
        ("when I pay early, how much do I save", ["when I pay early, how much do I save"]),
        # a short piece that names what it points back to asks a question of its own
        ("one of my payments failed i think? which one, and whats left on that order",
         ["one of my payments failed i think? which one", "whats left on that order"]),
        ("where is my refund? and when is that due", ["where is my refund? and when is that due"]),
        # a piece that names nothing, only asks what now, is about the question before it
        ("why did the zalando payment fail?? what am i supposed to do now",
         ["why did the zalando payment fail?? what am i supposed to do now"]),
        ("i want to close my account. how do i actually do that? and whats my balance",
         ["i want to close my account. how do i actually do that?", "whats my balance"]),
        ("my payment failed. vad ska jag göra nu", ["my payment failed. vad ska jag göra nu"]),
        ("when is my next payment? and what about the nike one",
         ["when is my next payment?", "what about the nike one"]),
        # numbered questions, and questions on lines of their own
        ("hey! three things: 1) when's the next ikea one 2) how much is left on the "
         "booking.com trip 3) can i move a payment",
         ["hey! three things", "when's the next ikea one",
          "how much is left on the booking.com trip", "can i move a payment"]),
        ("when is my next payment\nwhats my balance", ["when is my next payment",
                                                       "whats my balance"]),
        ("i paid 2. when is the next one", ["i paid 2. when is the next one"]),
    ],
)  # fmt: skip
def test_a_message_is_split_where_a_second_question_starts(text, parts):
    assert split_questions(text) == parts


def test_each_question_of_a_message_gets_its_own_lookups():
    text = "Why did my Nike payment fail? and can I just pay it now myself?"
    triage = triage_by({
        text: triaged("how_to_pay", confidence=0.6),
        "Why did my Nike payment fail?": triaged("payment_status", confidence=0.95),
        "can I just pay it now myself?": triaged("how_to_pay", confidence=0.9),
    })  # fmt: skip

    the_plan = plan(text, triage)

    assert [q.intent for q in the_plan.questions] == ["payment_status", "how_to_pay"]
    assert [c.name for c in the_plan.calls] == [
        "get_payment_schedule", "get_purchases", "search_help"
    ]  # fmt: skip


def test_parts_about_the_same_thing_are_one_question():
    text = "where is my refund? i sent the parcel back weeks ago"
    triage = triage_by({
        text: triaged("refund_status"),
        "where is my refund?": triaged("refund_status"),
        "i sent the parcel back weeks ago": triaged("refund_status", confidence=0.7),
    })  # fmt: skip

    assert [q.text for q in plan(text, triage).questions] == [text]


def test_one_clear_question_among_context_is_read_as_that_question():
    text = "Are any of my payments late? I really don't want to get hit with fees"
    triage = triage_by({
        text: triaged("fees", confidence=0.8),
        "Are any of my payments late?": triaged("payment_status", confidence=0.98),
        "I really don't want to get hit with fees": triaged(
            "human_agent", route="HUMAN", confidence=0.77, human_score=0.8),
    })  # fmt: skip

    the_plan = plan(text, triage)

    assert the_plan.hand_off == ""
    assert [(q.text, q.intent) for q in the_plan.questions] == [(text, "payment_status")]
    assert the_plan.offer_person


def test_a_sure_risky_part_hands_the_whole_message_off():
    text = "whats my balance? also my card was stolen yesterday"
    triage = triage_by({
        text: triaged("balance", confidence=0.5),
        "whats my balance?": triaged("balance"),
        "my card was stolen yesterday": triaged("lost_card", intent_route="HUMAN", confidence=0.9),
    })  # fmt: skip

    assert plan(text, triage).hand_off == "needs a person: lost_card"


def test_an_unsure_risky_part_is_answered_with_a_person_offered():
    text = "is anything overdue? i think a payment bounced"
    triage = triage_by({
        text: triaged("payment_status", confidence=0.99),
        "is anything overdue?": triaged("payment_status"),
        "i think a payment bounced": triaged("fraud", intent_route="HUMAN", confidence=0.55),
    })  # fmt: skip

    the_plan = plan(text, triage)

    assert not the_plan.hand_off
    assert the_plan.offer_person
    assert [q.intent for q in the_plan.questions] == ["payment_status"]


def test_routine_on_its_most_likely_reading_is_answered_with_a_person_offered():
    # Routed HUMAN on the probability of the risky intents, not on the likeliest one.
    text = "how much is left on the ikea one"
    triage = triage_by({text: triaged("balance", route="HUMAN", intent_route="ROUTINE")})

    the_plan = plan(text, triage)

    assert not the_plan.hand_off
    assert the_plan.offer_person
    assert the_plan.questions[0].intent == "balance"


def test_a_request_for_a_person_or_a_risky_intent_is_handed_off():
    asks = triaged("balance", human_request=True)
    risky = triaged("hardship", intent_route="HUMAN", confidence=0.4)

    assert plan("person please", lambda text: asks).hand_off == "asked for a person"
    assert plan("i lost my job", lambda text: risky).hand_off == "needs a person: hardship"


def test_a_short_follow_up_asks_the_question_before_about_what_it_names():
    triage = triage_by({
        "when is my next ikea payment": triaged("next_payment"),
        "and the Nike one?": triaged("greeting", confidence=0.2),
    })  # fmt: skip

    the_plan = plan("and the Nike one?", triage, earlier="when is my next ikea payment")

    assert [q.intent for q in the_plan.questions] == ["next_payment"]
    assert the_plan.questions[0].text == "and the Nike one?"


@pytest.mark.parametrize(
    ("text", "reading", "expected"),
    [
        # A fragment's own reading is noise: the question before, about what it names.
        ("and the Nike one?", triaged("dispute", route="HUMAN", confidence=0.81,
                                      human_score=0.99), "next_payment"),
        # A question of its own.
        ("and where is my refund?", triaged("refund_status", confidence=1.0), "refund_status"),
        # A very sure risky reading, or a request for a person, is never a follow-up.
        ("and my card was stolen", triaged("lost_card", route="HUMAN", confidence=0.99,
                                           human_score=1.0), "hand off"),
        ("and a person please", triaged("human_agent", route="HUMAN", confidence=0.6,
                                        human_request=True, human_score=0.6), "hand off"),
    ],
)  # fmt: skip
def test_what_a_short_follow_up_is(text, reading, expected):
    triage = triage_by({"when is my next ikea payment": triaged("next_payment"), text: reading})

    the_plan = plan(text, triage, earlier="when is my next ikea payment")

    got = "hand off" if the_plan.hand_off else the_plan.questions[0].intent
    assert got == expected


def schedule(**rows):
    return json.dumps({
        "today": "2026-12-06", "overdue": [], "upcoming": [], "recently_paid": [], **rows
    })  # fmt: skip


def purchases(*merchants):
    rows = [{"merchant": m, "reference": f"R-{n}"} for n, m in enumerate(merchants)]
    return json.dumps({"purchases": rows, "more": 0})


def payment(merchant, reference, amount, due_on, status="scheduled", **extra):
    return {"merchant": merchant, "reference": reference, "amount": amount, "due_on": due_on,
            "status": status, "number": 1, "paid_on": None, **extra}  # fmt: skip


def test_the_answer_is_narrowed_to_the_shop_the_question_names():
    upcoming = [payment("IKEA", "R-0", "EUR 49.00", "2026-12-10"),
                payment("Nike", "R-1", "EUR 20.00", "2026-12-20")]  # fmt: skip
    conversation = [
        Turn("user", "and the Nike one?"),
        Turn("assistant", ""),
        Turn("tool", schedule(upcoming=upcoming), "get_payment_schedule"),
        Turn("tool", purchases("IKEA", "Nike"), "get_purchases"),
    ]
    triage = triage_by({"and the Nike one?": triaged("next_payment")})

    text = respond(conversation, triage).text

    assert "EUR 20.00 for Nike (R-1) is due on 20 December" in text
    assert "IKEA" not in text


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("how much is left on the sofa", "IKEA"),
        ("whats left to pay on my trainers", "Nike"),
        ("how much is left on the hotel", "Booking.com"),
        # what names no thing bought narrows nothing
        ("how much is left on my order", None),
    ],
)
def test_a_purchase_named_by_what_was_bought_narrows_the_answer(text, named):
    rows = [("IKEA", "Sofa and shelves"), ("Nike", "Trainers"), ("Booking.com", "Hotel stay"),
            ("Zalando", "Clothing order")]  # fmt: skip
    bought = json.dumps({"purchases": [
        {"merchant": m, "reference": f"R-{n}", "description": d} for n, (m, d) in enumerate(rows)
    ], "more": 0})  # fmt: skip

    references = answers.asked_about({"get_purchases": json.loads(bought)}, text)

    expected = {f"R-{n}" for n, (m, _) in enumerate(rows) if m == named}
    assert references == (expected or None)


@pytest.mark.parametrize(
    ("merchant", "text"),
    [
        ("H&M", "H and M next payment date + amount pls"),
        ("H&M", "my hm order"),
        ("MediaMarkt", "when do i pay media markt next"),
        ("Booking.com", "booking com refund?"),
        ("Apple Store", "the applestore one"),
    ],
)
def test_a_shop_is_named_however_it_is_spaced_or_spelled_out(merchant, text):
    bought = {"purchases": [{"merchant": merchant, "reference": "R-0"},
                            {"merchant": "Otto", "reference": "R-1"}]}  # fmt: skip

    assert answers.asked_about({"get_purchases": bought}, text) == {"R-0"}


@pytest.mark.parametrize(
    ("merchant", "text"),
    [("Decathlon", "decathalon - next payment amount + date pls"), ("Adidas", "addidas shoes"),
     ("Zalando", "the zalanod order")],
)  # fmt: skip
def test_a_long_shop_name_is_read_with_a_typo(merchant, text):
    bought = {"purchases": [{"merchant": merchant, "reference": "R-0"},
                            {"merchant": "IKEA", "reference": "R-1"}]}  # fmt: skip

    assert answers.asked_about({"get_purchases": bought}, text) == {"R-0"}


@pytest.mark.parametrize("text", ["and m?", "motto", "booking a holiday", "ikia", "bike"])
def test_words_that_only_resemble_a_shop_name_none(text):
    bought = {"purchases": [{"merchant": "H&M", "reference": "R-0"},
                            {"merchant": "Otto", "reference": "R-1"},
                            {"merchant": "Booking.com", "reference": "R-2"},
                            {"merchant": "IKEA", "reference": "R-3"},
                            {"merchant": "Nike", "reference": "R-4"}]}  # fmt: skip

    assert answers.asked_about({"get_purchases": bought}, text) is None


@pytest.mark.parametrize(
    "text",
    ["can you recommend a good laptop for uni? mine just died", "my phone died so i couldnt pay"],
)
def test_a_thing_that_died_is_not_a_bereavement(text):
    bereavement = triaged("bereavement", confidence=0.9, route="HUMAN", human_score=0.9)

    assert not plan(text, triage_by({}, default=bereavement)).hand_off


@pytest.mark.parametrize(
    "text", ["my mum died last week and the payments are hers", "my husband died, his phone too"]
)
def test_a_persons_death_is_a_bereavement_whatever_else_died(text):
    bereavement = triaged("bereavement", confidence=0.9, route="HUMAN", human_score=0.9)

    assert plan(text, triage_by({}, default=bereavement)).hand_off


@pytest.mark.parametrize(
    ("text", "handed_off"),
    [
        ("I honestly can't remember what I've paid on which", False),
        ("i forgot if i paid the ikea one", False),
        ("i forgot to pay and now im struggling to afford anything", True),
        ("I can't remember the last time I could pay my bills", True),
        # "no idea" is not forgetting (the thirteenth set)
        ("I'm off work sick with no idea when I go back. I won't manage the next payment", True),
        ("i forgot my card at home and wont manage to pay this month", True),
    ],
)
def test_not_remembering_is_not_hardship_unless_money_trouble_is_said(text, handed_off):
    hardship = triaged("hardship", confidence=0.6, route="HUMAN", human_score=0.6)

    assert bool(plan(text, triage_by({}, default=hardship)).hand_off) == handed_off


@pytest.mark.parametrize(
    ("text", "reading", "intent"),
    [
        ("and the one from ikea? when does that one get taken", "fraud", "next_payment"),
        ("when is the money taken for ikea", "refund_status", "next_payment"),
        ("when does the nike one come out", "contact_us", "next_payment"),
    ],
)
def test_when_money_is_taken_is_the_payment_schedule(text, reading, intent):
    route = "HUMAN" if reading == "fraud" else "ROUTINE"  # unsurely: no hand-off by itself
    triage = triage_by({}, default=triaged(reading, confidence=0.3, route=route))

    (question,) = plan(text, triage).questions

    assert question.intent == intent


@pytest.mark.parametrize(
    ("text", "reading"),
    [
        ("when does my refund come back", "refund_status"),
        ("when is the late fee charged", "fees"),
        ("can i change when it gets taken", "change_payment_date"),
        ("when will the vip subscription be charged", "vip"),
    ],
)
def test_money_coming_back_or_read_as_money_taken_already_is_left_alone(text, reading):
    triage = triage_by({}, default=triaged(reading, confidence=0.3))

    (question,) = plan(text, triage).questions

    assert question.intent != "next_payment"


def test_when_a_product_comes_out_is_not_a_payment():
    off_topic = triaged("oos", confidence=0.3, out_of_scope=True)

    (question,) = plan("when does the next iphone come out", triage_by({}, off_topic)).questions

    assert question.intent == "unknown"


def test_money_taken_from_a_customer_in_trouble_still_goes_to_a_person():
    text = "when does the next one get taken, i lost my job and cant pay"
    triage = triage_by(
        {}, default=triaged("hardship", confidence=0.45, human_score=0.6, route="HUMAN")
    )

    assert plan(text, triage).hand_off


def test_a_failed_payment_says_why_and_what_to_do():
    reason = {"failure": "card_expired", "failure_reason": "The card on file has expired"}
    overdue = [payment("Nike", "R-0", "EUR 20.00", "2026-11-09", "failed", **reason)]
    conversation = [
        Turn("user", "why did my payment fail"),
        Turn("assistant", ""),
        Turn("tool", schedule(overdue=overdue), "get_payment_schedule"),
        Turn("tool", purchases("Nike"), "get_purchases"),
    ]
    triage = triage_by({"why did my payment fail": triaged("payment_status")})

    text = respond(conversation, triage).text

    assert "failed: the card on file has expired." in text
    assert str(answers.WHAT_TO_DO["card_expired"]) in text
    assert str(answers.PAY_OVERDUE) in text


@pytest.mark.parametrize(
    ("text", "linked"),
    [
        ("why did my payment fail, what am i supposed to do now", True),
        ("my payment didnt go thru, how do i sort it out", True),
        ("why my payment is bounced? and what i should do now for fix it", True),
        ("why did my payment fail", False),
    ],
)
def test_asking_what_to_do_about_a_payment_links_the_article_on_it(text, linked):
    triage = triage_by({text: triaged("payment_status")})
    (question,) = plan(text, triage).questions
    searches = [c.arguments for c in question.calls if c.name == "search_help"]
    assert searches == ([{"query": text, "topic": "payment_status"}] if linked else [])

    reason = {"failure": "card_expired", "failure_reason": "The card on file has expired"}
    overdue = [payment("Nike", "R-0", "EUR 20.00", "2026-11-09", "failed", **reason)]
    article = {"title": "Late or failed payments", "url": "/help/late-or-failed-payments/",
               "summary": "", "excerpt": "You can pay a late payment at any time."}  # fmt: skip
    conversation = [
        Turn("user", text),
        Turn("assistant", ""),
        Turn("tool", schedule(overdue=overdue), "get_payment_schedule"),
        Turn("tool", purchases("Nike"), "get_purchases"),
        *([Turn("tool", json.dumps({"articles": [article]}), "search_help")] if linked else []),
    ]
    answer = respond(conversation, triage).text

    assert str(answers.WHAT_TO_DO["card_expired"]) in answer
    # the link, not the article's passage again after the answer's own what-to-do
    assert ("(/help/late-or-failed-payments/)" in answer) is linked
    assert article["excerpt"] not in answer


def test_a_long_greeting_before_a_question_does_not_hide_it():
    text = "good morning!! hope you're having a lovely day :) quick one, when is my next payment?"
    triage = triage_by({
        text: triaged("greeting", confidence=0.74),
        "good morning!!": triaged("greeting", confidence=1.0),
        "hope you're having a lovely day :)": triaged("greeting", confidence=0.79),
        "quick one, when is my next payment?": triaged("next_payment", confidence=0.99),
    })  # fmt: skip

    (question,) = plan(text, triage).questions

    assert (question.text, question.intent) == ("quick one, when is my next payment?",
                                                 "next_payment")  # fmt: skip


def test_thanks_after_a_question_and_a_greeting_in_its_sentence_do_not_hide_it():
    text = "Hello, please I want know how much is left on the iPad. Thank you"
    triage = triage_by({
        text: triaged("thanks", confidence=0.43),
        "Thank you": triaged("thanks", confidence=0.99),
        "Hello, please I want know how much is left on the iPad.": triaged("how_to_pay",
                                                                           confidence=0.22),
        "please I want know how much is left on the iPad.": triaged("balance", confidence=0.6),
    })  # fmt: skip

    (question,) = plan(text, triage).questions

    assert question.intent == "balance"


@pytest.mark.parametrize("text", ["good morning!! hope you're well :)", "thanks! bye"])
def test_small_talk_alone_is_answered_as_small_talk(text):
    triage = triage_by({}, default=triaged("greeting", confidence=0.9))

    (question,) = plan(text, triage).questions

    assert question.intent == "greeting"


@pytest.mark.parametrize(
    ("text", "reading", "intent"),
    [
        ("If I pay everything at once now, what is the full amount?", "how_to_pay", "balance"),
        ("what would it cost to settle it all today", "fees", "balance"),
        # a fee for it is still a question about fees; how, about how to pay
        ("how much is the fee for paying early?", "fees", "fees"),
        ("can i pay everything at once?", "how_to_pay", "how_to_pay"),
    ],
)
def test_asking_what_paying_off_costs_is_asking_the_balance(text, reading, intent):
    triage = triage_by({text: triaged(reading, confidence=0.46)})

    (question,) = plan(text, triage).questions

    assert question.intent == intent


def test_nothing_overdue_is_said_plainly():
    conversation = [
        Turn("user", "am i behind on anything"),
        Turn("assistant", ""),
        Turn("tool", schedule(), "get_payment_schedule"),
        Turn("tool", purchases("Nike"), "get_purchases"),
    ]
    triage = triage_by({"am i behind on anything": triaged("payment_status")})

    assert respond(conversation, triage).text.startswith(str(answers.UP_TO_DATE))


def test_an_off_topic_question_gets_what_the_assistant_can_do_and_no_hand_off():
    triage = triage_by({})  # everything out of scope
    step = respond([Turn("user", "what's the weather in Paris?")], triage)
    assert [c.name for c in step.tool_calls] == ["search_help"]

    conversation = [
        Turn("user", "what's the weather in Paris?"),
        Turn("assistant", ""),
        Turn("tool", json.dumps({"articles": []}), "search_help"),
    ]
    assert respond(conversation, triage).text == answers.OFF_TOPIC


def test_a_question_nobody_here_can_answer_is_said_so_without_a_lookup_or_a_hand_off():
    text = "when is my ikea delivery arriving?"
    triage = triage_by({text: triaged("not_ours", confidence=0.9)})

    step = respond([Turn("user", text)], triage)

    assert step.tool_calls == []
    assert step.text == answers.NOT_OURS
    assert "don't know" in step.text
    assert "shop" in step.text


def test_an_unsure_shop_reading_is_answered_from_an_article_that_clearly_matches():
    text = "What's the process for opening a dispute with a shop? Not doing it yet"
    triage = triage_by({text: triaged("not_ours", confidence=0.46)})

    step = respond([Turn("user", text)], triage)

    assert [c.name for c in step.tool_calls] == ["search_help"]
    found = {"title": "A problem with a shop: opening a dispute", "url": "/help/disputes/",
             "summary": "How a dispute works.", "excerpt": "Open a dispute in your account.",
             "score": 0.27}  # fmt: skip
    looked_up = [Turn("user", text), Turn("assistant", ""),
                 Turn("tool", json.dumps({"articles": [found]}), "search_help")]  # fmt: skip
    assert "Open a dispute in your account." in respond(looked_up, triage).text
    weak = [*looked_up[:2], Turn("tool", json.dumps({"articles": [{**found, "score": 0.18}]}),
                                 "search_help")]  # fmt: skip
    assert respond(weak, triage).text == answers.NOT_OURS


def test_a_question_about_reaching_the_team_is_answered_from_the_help_center():
    text = "what hours is your support team available?"
    triage = triage_by({text: triaged("contact_us", confidence=0.9)})
    step = respond([Turn("user", text)], triage)
    # The help search is told what the question is about: that topic's articles first.
    assert [(c.name, c.arguments) for c in step.tool_calls] == [
        ("search_help", {"query": text, "topic": "contact_us"})
    ]


def test_a_question_about_what_we_do_is_searched_by_its_words_not_its_reading():
    # Read as returns, but the words ask what we do when a shop never sends an item:
    # the article on disputes, not the returns ones its reading's topic would put first.
    text = "if a shop never sends my item what can i do through you?"
    triage = triage_by({text: triaged("returns", confidence=0.53)})
    step = respond([Turn("user", text)], triage)
    searches = [c.arguments for c in step.tool_calls if c.name == "search_help"]
    assert searches == [{"query": text}]


def test_a_what_if_question_gets_the_records_and_the_help_center():
    text = "what happens if my card expires before my next payment?"
    triage = triage_by({text: triaged("next_payment", confidence=0.7)})

    (question,) = plan(text, triage).questions

    assert [call.name for call in question.calls] == [
        "get_payment_schedule", "get_purchases", "search_help",
    ]  # fmt: skip
    assert question.with_help


def test_a_vip_question_reads_the_membership_and_the_help_center():
    text = "am i still a vip member?"
    triage = triage_by({text: triaged("vip", confidence=0.6)})

    (question,) = plan(text, triage).questions

    assert [call.name for call in question.calls] == ["get_membership", "search_help"]


@pytest.mark.parametrize("earlier", ["", "whats left on my adidas orders?"])
def test_a_fragment_read_as_a_request_to_act_is_not_handed_off(earlier):
    """ "and the other one, the h&m?" names no action: it is no request that we act."""
    fragment = "the other one, the h&m?"
    triage = triage_by({
        fragment: triaged("account_action", confidence=0.93, route="HUMAN",
                          intent_route="HUMAN", human_score=0.96),
        earlier: triaged("balance", confidence=0.95),
    })  # fmt: skip

    the_plan = plan(fragment, triage, earlier=earlier)

    assert not the_plan.hand_off
    if earlier:
        assert [q.intent for q in the_plan.questions] == ["balance"]


def test_a_fragment_after_a_question_in_one_message_is_not_a_hand_off():
    text = "i've got two adidas orders, whats left on each? and the other one, the h&m?"
    triage = triage_by({
        text: triaged("balance", confidence=0.58),
        "i've got two adidas orders, whats left on each?": triaged("balance", confidence=0.9),
        "the other one, the h&m?": triaged("account_action", confidence=0.93, route="HUMAN",
                                           intent_route="HUMAN", human_score=0.96),
    })  # fmt: skip

    the_plan = plan(text, triage)

    assert not the_plan.hand_off
    assert [(q.text, q.intent) for q in the_plan.questions] == [(text, "balance")]


def test_a_longer_message_read_as_a_request_to_act_is_handed_off_as_before():
    text = "lost my debit card, the one my payments come off. what now"
    triage = triage_by({text: triaged("account_action", confidence=0.75, route="HUMAN",
                                      intent_route="HUMAN", human_score=0.9)})  # fmt: skip

    assert plan(text, triage).hand_off


def test_a_real_request_to_act_is_still_handed_off():
    text = "please cancel the rest of my payments"
    triage = triage_by({text: triaged("account_action", confidence=0.93, route="HUMAN",
                                      intent_route="HUMAN", human_score=0.96)})  # fmt: skip

    assert plan(text, triage).hand_off_kind == "act_on_account"


@pytest.mark.parametrize(
    ("text", "handed_off"),
    [
        ("the hotel i booked was shut when we got there, they wont refund me and im still "
         "paying for it every month", True),
        ("Lufthansa cancelled my flight and won't give me my money back", True),
        ("the airline is refusing to reimburse me", True),
        ("my ikea order STILL hasnt been delivered, they keep saying next week and ive already "
         "paid 2 instalments for nothing", True),
        ("the parcel hasn't arrived yet, where is it?", False),
        ("what if the shop won't refund me?", False),
        ("how long does a refund take", False),
    ],
)  # fmt: skip
def test_a_dispute_in_so_many_words_goes_to_a_person_whatever_its_reading(text, handed_off):
    triage = triage_by({}, default=triaged("refund_status", confidence=0.62))

    the_plan = plan(text, triage)

    assert bool(the_plan.hand_off) is handed_off
    if handed_off:
        assert the_plan.hand_off_kind == "risky_topic"


@pytest.mark.parametrize(
    ("text", "handed_off"),
    [
        ("who is DEMO-999? i didnt buy anything from them", True),
        ("there's a charge from zalando i don't recognise", True),
        ("I never ordered the second adidas order", True),
        ("I didn't order the right size, how do i return it", False),
        ("what if there's a purchase I don't recognise?", False),
    ],
)
def test_a_purchase_the_customer_says_is_not_theirs_goes_to_a_person(text, handed_off):
    triage = triage_by({}, default=triaged("purchases", confidence=0.41))

    the_plan = plan(text, triage)

    assert (the_plan.hand_off == "needs a person: fraud") is handed_off


def test_an_unsure_message_whose_risky_readings_outweigh_the_likeliest_is_handed_off():
    text = "is there any way to get a break from paying? my rent went up"
    unsure = triaged("payment_status", confidence=0.35, human_score=0.37, route="HUMAN",
                     intent_route="ROUTINE")  # fmt: skip

    assert unsure.needs_person
    assert plan(text, lambda t: unsure).hand_off == (
        "may need a person (unsure; likeliest payment_status)"
    )


def test_an_unclear_question_the_help_center_cannot_answer_gets_choices():
    text = "the thing with the money"
    unclear = triaged("balance", confidence=0.3, alternatives=(
        ("balance", 0.3), ("refund_status", 0.25), ("how_to_pay", 0.2)))  # fmt: skip
    triage = triage_by({text: unclear})
    searched = [Turn("user", text), Turn("assistant", ""),
                Turn("tool", json.dumps({"articles": []}), "search_help")]  # fmt: skip

    step = respond(searched, triage)

    [call] = step.tool_calls
    assert call.name == "offer_choices"
    labels = [option["label"] for option in call.arguments["options"]]
    assert labels == ["What I still owe", "My refunds", "Talk to a person"]
    offered = [*searched, Turn("assistant", ""), Turn("tool", '{"offered": true}', "offer_choices")]
    text_back = respond(offered, triage).text
    assert text_back.startswith(str(embedded.NOT_SURE))
    assert "what i still owe; my refunds; talk to a person" in text_back.lower()


def test_an_unclear_question_the_help_center_answers_gets_the_article():
    text = "the thing with the money"
    unclear = triaged("balance", confidence=0.22, alternatives=(("balance", 0.22), ("fees", 0.2)))
    article = {"title": "Fees", "url": "/help/fees/", "summary": "No interest.", "excerpt": ""}
    conversation = [Turn("user", text), Turn("assistant", ""),
                    Turn("tool", json.dumps({"articles": [article]}), "search_help")]  # fmt: skip

    step = respond(conversation, triage_by({text: unclear}))

    assert not step.tool_calls
    assert "/help/fees/" in step.text


@pytest.mark.parametrize(
    ("text", "someone_else"),
    [
        ("my husband bought a tv with you, how much does he still owe", True),
        ("my mum wants to know her balance, what does she owe", True),
        ("my wife handles the bills but she's away; when is the next payment going out of "
         "my account?", False),
        ("my son used my card for a game, what's my balance now", False),
    ],
)  # fmt: skip
def test_a_question_about_someone_elses_account_is_not_answered_from_this_one(text, someone_else):
    the_plan = plan(text, triage_by({}, default=triaged("balance")))

    assert (the_plan.questions[0].intent == "someone_else") is someone_else


def test_a_part_is_not_a_request_for_a_person_when_the_whole_message_is_not():
    text = "What are your opening hours and how can I get hold of your team?"
    hours = triaged("contact_us", confidence=1.0)
    asks = triaged("contact_us", confidence=0.97, human_request=True)
    triage = triage_by({text: hours, "What are your opening hours": hours,
                        "how can I get hold of your team?": asks})  # fmt: skip

    the_plan = plan(text, triage)

    assert not the_plan.hand_off
    assert [question.intent for question in the_plan.questions] == ["contact_us"]
    # A request the whole message makes still hands off.
    whole_asks = triage_by({text: triaged("contact_us", human_request=True)})
    assert plan(text, whole_asks).hand_off == "asked for a person"


def test_an_unclear_question_most_likely_about_a_help_topic_is_searched_on_that_topic():
    text = "i get paid on the 20th, could the ikea one come out after that"
    guess = triaged(
        "change_payment_date",
        confidence=0.3,
        alternatives=(("change_payment_date", 0.3), ("next_payment", 0.2)),
    )
    lookup = triaged(
        "next_payment",
        confidence=0.3,
        alternatives=(("next_payment", 0.3), ("change_payment_date", 0.2)),
    )
    risky = triaged("dispute", confidence=0.3, route="HUMAN",
                    alternatives=(("dispute", 0.3), ("how_to_pay", 0.2)))  # fmt: skip

    searched = plan(text, lambda t: guess)
    [question] = searched.questions
    assert question.intent == "unclear"
    assert question.calls[0].arguments["topic"] == "change_payment_date"
    assert searched.offer_person
    # Not a lookup's topic (those get their likely readings), nor a risky one's.
    assert all("topic" not in call.arguments for q in plan(text, lambda t: risky).questions
               for call in q.calls if call.name == "search_help")  # fmt: skip
    assert plan(text, lambda t: lookup).questions[0].intent == "next_payment"


@pytest.mark.parametrize(
    ("text", "acts"),
    [
        ("can you change my email address to anna@example.com", True),
        ("please cancel the rest of my payments", True),
        ("hi, take the payment now please", True),
        ("i want you to move my next payment", True),
        ("can I move my payment date?", False),
        ("when will you cancel the rest of the payments?", False),
        ("how do i change my email", False),
        ("could you take a look at my refund", False),
    ],
)
def test_a_request_that_we_change_the_account_goes_to_a_person(text, acts):
    # Even read as a routine how-to: the assistant's tools only read.
    triage = triage_by({text: triaged("account_details")})

    assert (plan(text, triage).hand_off == "asks us to act on the account") is acts


def test_what_two_questions_share_is_said_once():
    paragraphs = ["Your refund of EUR 5.00 was paid out. It is done.",
                  "Your refund of EUR 5.00 was paid out.\n\nMore in the help center."]  # fmt: skip

    assert embedded.said_once(paragraphs) == [
        "Your refund of EUR 5.00 was paid out. It is done.", "More in the help center."
    ]  # fmt: skip


def test_an_unsure_question_with_one_reading_about_the_records_gets_it_answered():
    text = "I had a notification that an IKEA instalment failed?? What went wrong"
    readings = (
        ("payment_status", 0.31), ("fraud", 0.2), ("how_to_pay", 0.1), ("next_payment", 0.08)
    )  # fmt: skip
    unsure = triaged("payment_status", confidence=0.31, alternatives=readings)

    the_plan = plan(text, triage_by({text: unsure}))

    assert [q.intent for q in the_plan.questions] == ["payment_status"]
    assert [c.name for c in the_plan.calls] == ["get_payment_schedule", "get_purchases"]
    assert the_plan.offer_person


def test_an_unsure_question_about_an_order_it_names_gets_the_orders_details():
    text = "Hi there, is order DEMO-042 fully paid now? Thanks"
    unsure = triaged(
        "greeting", confidence=0.29, alternatives=(("greeting", 0.29), ("thanks", 0.2))
    )

    the_plan = plan(text, triage_by({text: unsure}))

    assert [q.intent for q in the_plan.questions] == ["purchases"]
    assert the_plan.calls[0].arguments == {"reference": "DEMO-042"}


def test_asking_to_be_told_about_an_order_is_not_a_request_to_act_on_it():
    text = "can you tell me the status of DEMO-111 please"
    read_as_an_action = triaged(
        "account_action", confidence=0.39, route="HUMAN", human_score=0.5,
        alternatives=(("account_action", 0.39), ("purchases", 0.22), ("not_ours", 0.11)),
    )  # fmt: skip

    the_plan = plan(text, triage_by({text: read_as_an_action}))

    assert not the_plan.hand_off
    assert [q.intent for q in the_plan.questions] == ["purchases"]
    assert the_plan.calls[0].arguments == {"reference": "DEMO-111"}


def test_paying_off_early_gets_the_amount_and_how():
    text = "can i pay off the otto one early, how much would it be"
    the_plan = plan(text, triage_by({text: triaged("balance", confidence=0.95)}))
    assert [c.name for c in the_plan.calls] == ["get_balance", "get_purchases", "search_help"]
