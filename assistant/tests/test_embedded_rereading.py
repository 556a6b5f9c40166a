"""Readings the embedded model corrects, and questions it answers more fully, found by the
sixteenth to twenty-third question sets (assistant.embedded.reread and plan): a worry is
not a risk, a question about the assistant is not a request for a person, what is late or
owed or paying off comes to is asked in many words, a message that names a purchase
beside a help-center question gets that purchase too, a refund awaited is not a dispute
for the story told with it, asking us to move a payment is a request to act, asking how
to spot fraud is not a report of it, and a payment that did not go through is no dispute.
Triage is given per text."""

import json

import pytest

from assistant import answers, embedded
from assistant.embedded import Turn, plan, respond, split_questions
from assistant.tests.fakes import triaged
from assistant.tests.test_embedded_plan import payment, purchases, schedule, triage_by


def risky(intent, confidence=0.47, *, records=0.45):
    return triaged(
        intent, confidence=confidence, route="HUMAN", human_score=confidence + 0.05,
        alternatives=((intent, confidence), ("payment_status", records)),
    )  # fmt: skip


@pytest.mark.parametrize(
    ("text", "reading", "handed_off"),
    [
        ("am i behind on any payments? worried sick i'll end up with debt collectors",
         risky("legal"), False),
        ("HELP did I miss a payment?!? please tell me I'm not in arrears", risky("hardship"),
         False),
        # money trouble, a threat, or a sure reading: a person, as before
        ("am i behind? i'm worried as i can't afford the next one", risky("hardship"), True),
        ("am i behind? worried, my solicitor says you overcharged me", risky("legal"), True),
        ("am i behind on payments? im so worried", risky("hardship", 0.8, records=0.1), True),
        # no question about the records weighs enough
        ("im so worried about everything", risky("hardship", records=0.1), True),
        # ... unless it asks what is overdue in so many words
        ("i'm really anxious, did i miss a payment this month?",
         risky("hardship", 0.74, records=0.18), False),
        ("i'm anxious i won't be able to pay, did i miss a payment?",
         risky("hardship", 0.74, records=0.18), True),
        ("worried my salary is late, did i miss a payment?", risky("hardship"), True),
    ],
)  # fmt: skip
def test_a_worry_about_a_routine_question_is_not_a_risky_topic(text, reading, handed_off):
    # The part that worries read as surely risky: a worry alone does not hand the message
    # off. The question, alone, reads as what it asks.
    sure_risk = triaged(reading.intent, confidence=0.95, route="HUMAN", human_score=0.95)
    parts = {part: sure_risk for part in split_questions(text) if embedded.WORRY.search(part)}
    triage = triage_by({**parts, text: reading}, default=triaged("payment_status"))

    the_plan = plan(text, triage)

    assert bool(the_plan.hand_off) is handed_off
    if not handed_off:
        assert [q.intent for q in the_plan.questions] == ["payment_status"]
        assert the_plan.offer_person


@pytest.mark.parametrize(
    "text",
    ["are you a real person or a bot haha", "am i talking to a human?",
     "what sorts of things can you actually help me with here?", "what is this chat for"],
)  # fmt: skip
def test_a_question_about_the_assistant_is_answered_by_it(text):
    asks = triaged("human_agent", confidence=0.86, route="HUMAN", human_score=0.86)
    triage = triage_by({}, default=asks)
    _is_answered_by_the_assistant(text, triage)


@pytest.mark.parametrize(
    ("text", "reading"),
    [("is this an AI?", triaged("fraud", confidence=0.64, route="HUMAN", human_score=0.7)),
     ("what can you do?", triaged("not_ours", confidence=0.45))],
)  # fmt: skip
def test_a_message_that_only_asks_about_the_assistant_is_answered_however_it_reads(text, reading):
    _is_answered_by_the_assistant(text, triage_by({}, default=reading))


def test_a_question_about_the_bot_beside_another_is_read_as_the_other():
    text = "is this an AI? someone used my card"
    fraud = triaged("fraud", confidence=0.9, route="HUMAN", human_score=0.9)

    assert plan(text, triage_by({}, default=fraud)).hand_off


def _is_answered_by_the_assistant(text, triage):

    the_plan = plan(text, triage)

    assert not the_plan.hand_off
    reply = respond([Turn("user", text)], triage)
    assert reply.text == str(embedded.SMALL_TALK["about_me"])


@pytest.mark.parametrize(
    "text",
    ["are you a bot? i want to talk to a real person",
     "what can you do about my parcel that never came, i want it sorted"],
)  # fmt: skip
def test_a_request_for_a_person_beside_a_question_about_the_bot_is_still_one(text):
    asks = triaged("human_agent", confidence=0.99, route="HUMAN", human_score=0.99,
                   human_request=True)  # fmt: skip

    assert plan(text, triage_by({}, default=asks)).hand_off == "asked for a person"


@pytest.mark.parametrize(
    ("text", "reading", "intent"),
    [
        ("How much is late and for what date?", triaged("fees", confidence=0.55), "payment_status"),
        ("is anything overdue", triaged("not_ours", confidence=0.3), "payment_status"),
        ("how much is the late fee?", triaged("fees", confidence=0.55), "fees"),
        ("Can you give me one number for everything?", triaged("not_ours", confidence=0.69),
         "balance"),
        ("she asked me what we still owe", triaged("purchases", confidence=0.3), "balance"),
        ("Nike trainers plan - if I wanted to clear the whole thing off today, what's the "
         "figure?", triaged("purchases", confidence=0.18), "balance"),
        ("the Sephora instalment, when does it come out and how much exactly?",
         triaged("next_payment", confidence=0.34), "next_payment"),
        ("when does the money for the nike one come out of my account",
         triaged("refund_status", confidence=0.41), "next_payment"),
        ("Could you kindly confirm the amount and the date of my forthcoming instalment?",
         triaged("balance", confidence=0.18), "next_payment"),
        ("can i move the next payment", triaged("change_payment_date", confidence=0.9),
         "change_payment_date"),
    ],
)  # fmt: skip
def test_what_is_late_owed_or_taken_is_read_from_its_words(text, reading, intent):
    (question,) = plan(text, triage_by({}, default=reading)).questions

    assert question.intent == intent


def test_a_lead_in_that_announces_the_questions_is_none_of_them():
    text = "Two things: is the iPad paid off now? And what's my next payment, whatever shop?"

    assert split_questions(text) == [
        "is the iPad paid off now?",
        "what's my next payment, whatever shop?",
    ]


def test_a_sure_question_about_the_records_beside_a_confident_one_is_answered_too():
    first, second = "is the iPad from Apple Store paid now?", "what's my next payment overall?"
    triage = triage_by({
        first: triaged("purchases", confidence=0.42),
        second: triaged("next_payment", confidence=0.99),
        f"{first} {second}": triaged("next_payment", confidence=0.88),
    })  # fmt: skip

    the_plan = plan(f"{first} {second}", triage)

    assert [(q.text, q.intent) for q in the_plan.questions] == [
        (first, "purchases"),
        (second, "next_payment"),
    ]


@pytest.mark.parametrize(
    ("text", "intents"),
    [
        ("adidas sent me a refund for the shoes. is the next adidas payment still going out?",
         ["next_payment", "refund_status"]),
        ("is the next adidas payment still going out?", ["next_payment"]),
    ],
)  # fmt: skip
def test_a_refund_told_beside_a_payment_question_is_answered_too(text, intents):
    the_plan = plan(text, triage_by({}, default=triaged("next_payment", confidence=0.8)))

    assert [q.intent for q in the_plan.questions] == intents


def test_a_message_that_only_names_a_purchase_gets_that_purchase():
    unclear = triaged("purchases", confidence=0.27,
                      alternatives=(("purchases", 0.27), ("balance", 0.18)))  # fmt: skip
    bought = {"purchases": [
        {"merchant": "Zalando", "reference": "R-0", "amount": "EUR 80.00", "status": "Paid in full",
         "purchased_on": "2026-10-01", "payments_left": 0, "left_to_pay": "EUR 0.00"},
    ], "more": 0}  # fmt: skip
    nothing = json.dumps({"articles": []})

    def conversation(text):
        return [Turn("user", text), Turn("assistant", ""), Turn("tool", nothing, "search_help"),
                Turn("tool", json.dumps(bought), "get_purchases")]  # fmt: skip

    named = respond(conversation("zalando"), triage_by({}, default=unclear))
    other = respond(conversation("the thing"), triage_by({}, default=unclear))

    assert "Your Zalando purchase R-0 of EUR 80.00" in named.text
    assert [call.name for call in other.tool_calls] == ["offer_choices"]


def test_a_question_about_paying_a_purchase_it_names_gets_what_is_due_on_it():
    text = "the last zalando payment bounced, can I pay it by bank transfer instead?"
    triage = triage_by({}, default=triaged("how_to_pay", confidence=0.95))
    (question,) = plan(text, triage).questions
    assert [call.name for call in question.calls] == [
        "search_help",
        "get_payment_schedule",
        "get_purchases",
    ]
    article = {"title": "How to pay", "url": "/help/how-to-pay/", "summary": "",
               "excerpt": "You can also pay by bank transfer."}  # fmt: skip
    overdue = [payment("Zalando", "R-1", "EUR 216.58", "2026-08-31", "failed")]
    results = [
        Turn("tool", json.dumps({"articles": [article]}), "search_help"),
        Turn("tool", schedule(overdue=overdue), "get_payment_schedule"),
        Turn("tool", purchases("IKEA", "Zalando"), "get_purchases"),
    ]

    reply = respond([Turn("user", text), Turn("assistant", ""), *results], triage)

    assert reply.text.startswith("You can also pay by bank transfer.")
    assert "Your payment of EUR 216.58 for Zalando (R-1), due on 31 August, failed." in reply.text
    # Naming no purchase, the help center's answer alone, with no lookup.
    unnamed = "can I pay by bank transfer instead?"
    (question,) = plan(unnamed, triage).questions
    assert [call.name for call in question.calls] == ["search_help"]
    alone = respond([Turn("user", unnamed), Turn("assistant", ""), results[0]], triage)
    assert alone.text.startswith("You can also pay by bank transfer.")


@pytest.mark.parametrize(
    "text",
    ["the ikea one failed. am i going to get a late fee",
     "a payment didn't go through. do you retry it yourselves or do I need to do something?"],
)  # fmt: skip
def test_asking_about_a_fee_or_a_retry_on_a_failed_payment_links_the_article(text):
    triage = triage_by({}, default=triaged("payment_status", confidence=0.8))

    (question,) = plan(text, triage).questions

    assert question.with_link
    assert question.calls[-1].arguments == {"query": text, "topic": "payment_status"}


def test_what_we_owe_together_is_the_customers_own_account():
    text = "my partner asked me what we still owe, she wants one number"

    (question,) = plan(text, triage_by({}, default=triaged("balance"))).questions

    assert question.intent == "balance"


def test_one_purchase_left_comes_with_when_it_is_paid():
    left = {"merchant": "IKEA", "reference": "R-0", "left_to_pay": "EUR 17.25",
            "payments_left": 1, "overdue_payments": [],
            "next_payment": {"amount": "EUR 17.25", "due_on": "2026-12-12"}}  # fmt: skip
    data = {"get_balance": {"today": "2026-12-06", "owed": ["EUR 17.25"], "more": 0,
                            "purchases": [left]},
            "get_purchases": {"purchases": [], "more": 0}}  # fmt: skip

    text = answers.balance_answer("only one payment left? how much and when?", data)

    assert text == (
        "You have EUR 17.25 left to pay in total: EUR 17.25 on IKEA (R-0). Your IKEA purchase "
        "(R-0) is still being paid off: you have EUR 17.25 left to pay, in one payment (next "
        "payment EUR 17.25 on 12 December)."
    )


@pytest.mark.parametrize(
    "text",
    ["retry the payment", "i want the late fee removed", "collect the payment today please",
     "can you unlock my account", "i want my account deleted", "my card expired"],
)  # fmt: skip
def test_a_short_request_to_act_in_any_form_of_its_verb_is_still_one(text):
    """A short part read as a request to act with no word of action is a fragment
    (`_unless_no_action`); a request's verb in any form is a word of action, so the
    escalation rules and the plan see it as the request it is."""
    request = triaged("account_action", confidence=0.99, route="HUMAN", human_score=0.99)

    assert embedded.reread(text, request).needs_person
    assert plan(text, triage_by({}, default=request)).hand_off


def test_a_fragment_read_as_a_request_to_act_is_still_none():
    request = triaged("account_action", confidence=0.99, route="HUMAN", human_score=0.99)

    assert not embedded.reread("and the other one, the h&m?", request).needs_person


# --- Found by the nineteenth set -------------------------------------------------------------


def test_an_overview_of_every_purchase_is_the_purchases():
    unsure = triaged("purchases", confidence=0.32, route="HUMAN", human_score=0.2,
                     intent_route="ROUTINE",
                     alternatives=(("purchases", 0.32), ("balance", 0.26)))  # fmt: skip
    text = "Could you give me an overview of all my orders, including the old ones?"

    (question,) = plan(text, triage_by({}, default=unsure)).questions

    assert question.intent == "purchases"
    assert [call.name for call in question.calls] == ["get_purchases"]
    # Not a request to change them, nor what is owed on them.
    assert embedded.reread("cancel all my orders", unsure) == unsure
    assert embedded.reread("what's the total left across all my orders", unsure) == unsure


def disputed(confidence=0.7):
    return triaged("dispute", confidence=confidence, route="HUMAN", human_score=confidence + 0.1,
                   alternatives=(("dispute", confidence), ("refund_status", 0.15)))  # fmt: skip


@pytest.mark.parametrize(
    ("text", "reading", "handed_off"),
    [
        ("Is my IKEA refund still being processed? It was a duplicate charge and it feels like "
         "it's taking forever", disputed(), False),
        ("where's my zalando refund, it's been weeks, this is a joke", disputed(0.5), False),
        # a dispute said, a threat, a shop that refuses, or a sure reading: a person
        ("Is my IKEA refund still being processed? I want to dispute the duplicate charge",
         disputed(), True),
        ("where is my refund? the shop is refusing to refund me", disputed(), True),
        ("Is my refund being processed? My lawyer will hear about this", disputed(), True),
        ("Is my IKEA refund still being processed? It was a duplicate charge", disputed(0.85),
         True),
    ],
)  # fmt: skip
def test_a_refund_awaited_with_its_story_is_answered_with_a_person_offered(
    text, reading, handed_off
):
    # The story alone reads as a sure dispute ("It was a duplicate charge").
    story = triaged("dispute", confidence=0.95, route="HUMAN", human_score=0.95)
    parts = {part: story for part in split_questions(text) if "refund" not in part}
    triage = triage_by({**parts, text: reading}, default=triaged("refund_status"))

    the_plan = plan(text, triage)

    assert bool(the_plan.hand_off) is handed_off
    if not handed_off:
        assert [q.intent for q in the_plan.questions] == ["refund_status"]
        assert the_plan.offer_person


@pytest.mark.parametrize(
    "text",
    ["Please push my next Decathlon payment back by about a week, my salary is late this month.",
     "can you delay my payment till friday", "split my next payment in two please",
     "could you skip the december instalment"],
)  # fmt: skip
def test_a_request_to_move_or_split_a_payment_is_handed_off(text):
    # Read as the help-center topic, unsurely risky: the request is in its words.
    reading = triaged("change_payment_date", confidence=0.44, route="HUMAN", human_score=0.3,
                      intent_route="ROUTINE")  # fmt: skip

    assert plan(text, triage_by({}, default=reading)).hand_off == "asks us to act on the account"
    # Asking how is not asking us to.
    asked = plan("can I push my payment back a week?", triage_by({}, default=reading))
    assert not asked.hand_off


def test_a_link_beside_the_records_is_to_the_article_its_reading_chose():
    words = {"title": "Changing a payment date", "url": "/help/change-payment-date/",
             "on_topic": False}  # fmt: skip
    topic = {"title": "Late or failed payments", "url": "/help/late-or-failed-payments/",
             "on_topic": True}  # fmt: skip
    found = {"articles": [words, topic]}

    assert "late-or-failed-payments" in answers.read_more(found, on_topic=True)
    assert "change-payment-date" in answers.read_more(found)
    assert "change-payment-date" in answers.read_more({"articles": [words]}, on_topic=True)


def test_paying_a_purchase_off_searches_how_to_pay():
    text = "want the ikea one cleared before christmas. how much would that be and how do i pay it?"

    (question,) = plan(text, triage_by({}, default=triaged("balance", confidence=0.84))).questions

    assert question.calls[-1].arguments == {"query": text, "topic": "how_to_pay"}


# --- Found by the twentieth set --------------------------------------------------------------


def test_when_a_named_payment_is_due_is_answered_beside_another_question():
    text = "when is the apple store payment and how much do I have left on my flight?"
    triage = triage_by({
        "when is the apple store payment": triaged("next_payment", confidence=0.49),
        "how much do I have left on my flight?": triaged("balance", confidence=0.99),
        text: triaged("balance", confidence=0.97),
    })  # fmt: skip

    questions = plan(text, triage).questions

    assert [q.intent for q in questions] == ["next_payment", "balance"]


def test_asking_what_one_needs_to_do_about_a_failed_payment_links_the_article():
    text = "Why was my last Lufthansa instalment rejected, and what do I need to do now?"

    (question,) = plan(
        text, triage_by({}, default=triaged("payment_status", confidence=0.66))
    ).questions

    assert question.with_link


def outweighed(**fields):
    """Likeliest a missed payment, but the intents a person handles weigh more together."""
    values = {"confidence": 0.37, "route": "HUMAN", "intent_route": "ROUTINE",
              "human_score": 0.52,
              "alternatives": (("payment_status", 0.37), ("complaint", 0.33),
                               ("hardship", 0.1))} | fields  # fmt: skip
    return triaged("payment_status", **values)


@pytest.mark.parametrize(
    ("story", "story_reading", "handed_off"),
    [
        ("I've been away with work for three weeks and completely lost track of things.",
         triaged("complaint", confidence=0.47, route="HUMAN", human_score=0.6), False),
        # a story surely risky on its own, or money trouble told: a person
        ("My card was stolen while I was away.",
         triaged("lost_card", confidence=0.95, route="HUMAN", human_score=0.95), True),
        ("I've been off work and can't afford much.",
         triaged("complaint", confidence=0.47, route="HUMAN", human_score=0.6), True),
    ],
)  # fmt: skip
def test_a_missed_payment_asked_in_so_many_words_is_not_outweighed_by_the_story(
    story, story_reading, handed_off
):
    question = "Have I missed any payments while I was gone?"
    text = f"{story} {question}"
    triage = triage_by({text: outweighed(), story: story_reading,
                        question: triaged("payment_status", confidence=0.98)})  # fmt: skip

    the_plan = plan(text, triage)

    assert bool(the_plan.hand_off) is handed_off
    if not handed_off:
        assert [q.intent for q in the_plan.questions] == ["payment_status"]
        assert the_plan.offer_person


def test_money_trouble_told_beside_a_routine_question_is_handed_off():
    reading = triaged("payment_status", confidence=0.68, route="HUMAN", human_score=0.31,
                      intent_route="ROUTINE",
                      alternatives=(("payment_status", 0.68), ("hardship", 0.3)))  # fmt: skip

    the_plan = plan("I lost my job, have I missed any payments?", triage_by({}, default=reading))

    assert the_plan.hand_off == "needs a person: hardship"
    # Without money trouble in its words, the question is answered.
    assert not plan(
        "I was away, have I missed any payments?", triage_by({}, default=reading)
    ).hand_off


# --- Found by the twenty-first set -----------------------------------------------------------


def test_something_lost_that_is_no_card_is_not_a_lost_card():
    lost = triaged("lost_card", confidence=0.97, route="HUMAN", human_score=0.97)

    assert not embedded.reread("my grandmas one got lost lol", lost).needs_person
    for text in ("i lost my card", "my wallet got nicked", "please freeze my account"):
        assert embedded.reread(text, lost).needs_person, text
    # Off topic, with a lost recipe beside it: not handed off.
    text = "random question but do u know a good recipe for pierogi? my grandmas one got lost lol"
    off_topic = triaged("oos", out_of_scope=True, confidence=0.92)
    the_plan = plan(text, triage_by({"my grandmas one got lost lol": lost}, default=off_topic))
    assert not the_plan.hand_off


@pytest.mark.parametrize(
    "text",
    ["jag har tappat mitt kort, det kan vara stulet", "plånboken är borta",
     "meine Karte wurde gestohlen", "mein Geldbeutel ist weg", "Kreditkarte sperren bitte"],
)  # fmt: skip
def test_a_lost_card_in_swedish_or_german_is_still_one(text):
    # Found by the Swedish and German set: the words that make a lost card one were
    # English only, and these two lost their hand-off.
    lost = triaged("lost_card", confidence=0.99, route="HUMAN", human_score=0.99)

    assert embedded.reread(text, lost).needs_person


def test_a_purchase_the_customer_made_for_family_is_their_own():
    text = ("I bought a bike from Decathlon for my son. My husband keeps asking me how many "
            "payments are still left on it. Can you tell me what is left to pay?")  # fmt: skip

    (question,) = plan(text, triage_by({}, default=triaged("balance"))).questions

    assert question.intent == "balance"


def test_asking_about_extra_charges_for_a_late_payment_links_the_article():
    text = "my lufthansa payment is late, am i gonna get hit with extra charges for that?"

    (question,) = plan(text, triage_by({}, default=triaged("payment_status"))).questions

    assert question.with_link


def test_a_second_question_that_asks_which_is_one():
    assert split_questions(
        "when's my next payment, and which purchases am I still paying for?"
    ) == [
        "when's my next payment",
        "which purchases am I still paying for?",
    ]


# --- Found by the twenty-second set ----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "asked"),
    [
        ("Not a complaint, just curious - why is the last Sephora payment a different amount?",
         "why is the last Sephora payment a different amount?"),
        ("Just asking for future reference, nothing\u2019s actually wrong right now: what happens "
         "if a shop never delivers?", "what happens if a shop never delivers?"),
        ("when is my next payment? only asking", "when is my next payment?"),
        # nothing to take away, or nothing left to ask
        ("when is my next payment?", ""),
        ("just curious", ""),
    ],
)  # fmt: skip
def test_what_says_nothing_is_wrong_is_taken_away_before_reading(text, asked):
    assert embedded._without_reassurance(text) == asked


def test_a_complaint_the_customer_says_it_is_not_is_read_without_it():
    text = "Not a complaint, just curious - why is the last Sephora payment a different amount?"
    complaint = triaged("complaint", confidence=0.61, route="HUMAN", human_score=0.66)
    asked = "why is the last Sephora payment a different amount?"
    triage = triage_by({asked: triaged("payment_status", confidence=0.6)}, default=complaint)

    the_plan = plan(text, triage)

    assert not the_plan.hand_off
    assert [(q.text, q.intent) for q in the_plan.questions] == [(asked, "payment_status")]
    # Said without the reassurance, the same reading hands off.
    assert plan("why is the last Sephora payment a different amount? unacceptable",
                triage_by({}, default=complaint)).hand_off  # fmt: skip


WHAT_IF = ("Just asking for future reference, nothing's actually wrong right now: what "
           "happens if a shop never delivers something I paid for?")  # fmt: skip


def test_a_risky_topic_asked_only_as_a_what_if_is_answered_from_its_article():
    dispute = triaged("dispute", confidence=0.68, route="HUMAN", human_score=0.7)

    the_plan = plan(WHAT_IF, triage_by({}, default=dispute))

    assert not the_plan.hand_off
    assert the_plan.offer_person
    (question,) = the_plan.questions
    assert question.calls[0] == embedded.ToolCall(
        "search_help", {"query": question.text, "topic": "dispute"}
    )
    # The escalation rules see the whole message's reading (assistant.engine): a guess,
    # so the "Risky topic" rule, which needs a sure reading, does not hand it off.
    reading = embedded.reread(WHAT_IF, dispute)
    assert not reading.sure
    assert not reading.needs_person
    assert reading.intent == "dispute"


@pytest.mark.parametrize(
    ("text", "reading"),
    [
        # no reassurance: a dispute told as a what-if may be one under way
        ("what happens if a shop never delivers something I paid for?",
         triaged("dispute", confidence=0.68, route="HUMAN", human_score=0.7)),
        # a reassurance, but no what-if: something happened
        ("nothing's wrong, but someone used my card without asking",
         triaged("fraud", confidence=0.97, route="HUMAN", human_score=0.97)),
        # a person asked for
        ("just curious, what happens if my card is stolen? let me talk to someone",
         triaged("lost_card", confidence=0.86, route="HUMAN", human_score=0.9,
                 human_request=True)),
        # a risky topic the help center has no article on
        ("just asking, what happens if my husband dies?",
         triaged("bereavement", confidence=0.9, route="HUMAN", human_score=0.9)),
    ],
)  # fmt: skip
def test_a_risky_topic_still_goes_to_a_person_unless_only_a_what_if(text, reading):
    assert plan(text, triage_by({}, default=reading)).hand_off


@pytest.mark.parametrize(
    "text",
    [
        "how much is left on the h&m coat? the zip broke the first time i wore it and h&m "
        "refuse to take it back so im not paying another penny for it",
        "the shop won't accept my return, so I'm not paying for it",
        "the jacket fell apart and i refuse to pay for something broken",
    ],
)
def test_a_customer_who_stops_paying_over_the_goods_is_handed_off(text):
    the_plan = plan(text, triage_by({}, default=triaged("balance", confidence=0.74)))

    assert the_plan.hand_off == "needs a person: dispute"


def test_asking_what_would_happen_if_one_stopped_paying_is_still_answered():
    text = "what happens if I refuse to pay for it?"

    assert not plan(text, triage_by({}, default=triaged("fees", confidence=0.8))).hand_off


def test_no_refund_is_said_plainly():
    data = {"get_refunds": {"refunds": []}, "get_purchases": {"purchases": [
        {"reference": "DEMO-1", "merchant": "IKEA", "description": "sofa"},
    ]}}  # fmt: skip

    assert answers.refunds_answer("any refunds on the way?", data) == (
        "There is no refund on your account."
    )
    assert answers.refunds_answer("any refund for ikea?", data) == (
        "There is no refund for your IKEA purchase on your account."
    )


# --- Found by the twenty-third set -----------------------------------------------------------

FRAUD = triaged("fraud", confidence=0.92, route="HUMAN", human_score=0.92)


@pytest.mark.parametrize(
    "text",
    [
        "I keep reading about scam emails pretending to be from payment companies. How can I "
        "tell if an email is really from you?",
        "how do i spot a phishing text pretending to be you?",
        "any tips to avoid scams?",
    ],
)
def test_how_to_spot_fraud_is_answered_from_the_fraud_article(text):
    the_plan = plan(text, triage_by({}, default=FRAUD))

    assert not the_plan.hand_off
    assert the_plan.offer_person
    (question,) = the_plan.questions
    assert question.calls == [embedded.ToolCall("search_help", {"query": text, "topic": "fraud"})]
    # The escalation rules see a guess: the "Risky topic" rule does not hand it off.
    reading = embedded.reread(text, FRAUD)
    assert not reading.sure
    assert not reading.needs_person


@pytest.mark.parametrize(
    "text",
    [
        # something received, done or taken: a report
        "I got an email from you asking for my PIN, how can I tell if it is real?",
        "I clicked the link in a text, how do I protect my account now?",
        "someone used my card, how can i protect myself",
        "how can I check if there is fraud on my account?",
    ],
)
def test_fraud_told_still_goes_to_a_person(text):
    assert plan(text, triage_by({}, default=FRAUD)).hand_off == "needs a person: fraud"


@pytest.mark.parametrize(
    ("text", "read_as"),
    [
        ("Could you explain why the IKEA instalment was rejected? I'd like to understand what "
         "went wrong before it happens again.", "payment_status"),
        ("my zalando payment didn't go through, what went wrong?", "payment_status"),
        # a dispute said, or a shop that refuses: a dispute still
        ("the payment was rejected and I want to dispute the whole order", "dispute"),
        ("IKEA refuse to refund me and my instalment was declined", "dispute"),
    ],
)  # fmt: skip
def test_a_payment_that_did_not_go_through_is_not_a_dispute(text, read_as):
    dispute = triaged("dispute", confidence=0.43, route="HUMAN", human_score=0.5)

    assert embedded.reread(text, dispute).intent == read_as


def test_a_guessed_topic_does_not_answer_with_an_article_that_shares_no_word():
    question = embedded.Question("do you have an app for android?", "unclear")
    found = {"articles": [{"title": "How to talk to a human", "url": "/help/talk-to-a-human/",
                           "summary": "You can reach a person.", "excerpt": "Every page has "
                           "a Talk to a human button.", "score": 0.138, "on_topic": True,
                           "words_match": False}]}  # fmt: skip

    def answered(words_match):
        found["articles"][0]["words_match"] = words_match
        return embedded.answer(question, [Turn("tool", json.dumps(found), tool_name="search_help")])

    assert answered(False) == str(answers.DONT_KNOW)
    assert "Talk to a human button" in answered(True)


# --- Found by the twenty-fourth set ----------------------------------------------------------


def test_what_it_takes_to_reach_a_person_is_answered_with_how_to_reach_us():
    text = "what is it exactly, do i need it to talk to someone?"
    person = triaged("human_agent", confidence=0.95, route="HUMAN", human_score=0.95)

    assert embedded.reread(text, person).intent == "contact_us"
    assert not plan(text, triage_by({}, default=person)).hand_off
    # Asked for: a person.
    asked = triaged("human_agent", confidence=0.95, route="HUMAN", human_score=0.95,
                    human_request=True)  # fmt: skip
    assert plan("do i need vip? just let me talk to someone", triage_by({}, default=asked)).hand_off


def test_what_is_owed_and_overdue_is_what_is_overdue():
    text = "what do i owe thats overdue right now, and whats my full balance"
    owed = "what do i owe thats overdue right now"
    triage = triage_by(
        {owed: triaged("payment_status", confidence=0.48),
         "whats my full balance": triaged("balance", confidence=0.93)},
        default=triaged("balance", confidence=0.83),
    )  # fmt: skip

    the_plan = plan(text, triage)

    assert [q.intent for q in the_plan.questions] == ["payment_status", "balance"]
    # What is outstanding is the balance.
    outstanding = triaged("balance", confidence=0.8)
    assert embedded.reread("ikea - how much is outstanding?", outstanding).intent == "balance"


def test_a_stolen_card_asked_about_only_as_an_if_is_answered():
    text = ("Nothing has happened, just curious: if my card ever got stolen, what would I need "
            "to do so the payments don't keep going to it?")  # fmt: skip
    lost = triaged("lost_card", confidence=0.63, route="HUMAN", human_score=0.7)

    assert not plan(text, triage_by({}, default=lost)).hand_off
    assert plan(
        "my card was stolen, what would I need to do?", triage_by({}, default=lost)
    ).hand_off


@pytest.mark.parametrize(
    ("text", "handed_off"),
    [
        ("quick q - why are there 2 adidas orders on my account? i only ever bought one pair "
         "of running shoes", True),
        ("you charged me twice for the same instalment", True),
        ("there's a duplicate payment for my zalando order", True),
        # a refund of it: how it comes along
        ("IKEA told me theyd refund the double charge. whats happening with that", False),
        ("still waiting on the money back from ikea for that double charge", False),
        ("what happens if I get charged twice?", False),
    ],
)  # fmt: skip
def test_a_purchase_or_payment_taken_twice_goes_to_a_person(text, handed_off):
    the_plan = plan(text, triage_by({}, default=triaged("purchases", confidence=0.68)))

    assert bool(the_plan.hand_off) is handed_off


@pytest.mark.parametrize(
    ("text", "handed_off"),
    [
        ("hey what phone number do you have for me? someone just texted asking me to read "
         "back the code you sent me", True),
        ("i got a call from someone asking for my card details, was that you?", True),
        ("I got a text with the code but it does not work", False),
        ("where do I enter the code you sent me?", False),
    ],
)  # fmt: skip
def test_someone_after_the_customers_codes_is_fraud(text, handed_off):
    unsure = triaged("fraud", confidence=0.23, route="HUMAN", human_score=0.3)
    the_plan = plan(text, triage_by({}, default=unsure))

    assert bool(the_plan.hand_off) is handed_off


# --- Found by the twenty-fifth set -----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "handed_off"),
    [
        ("what is the status of my Otto order please? The washing machine should have been "
         "delivered three weeks ago and nothing has come, Otto just keeps telling me it's on "
         "its way", True),
        ("Zalando sent me completely wrong clothes, not what I ordered, and now they do not "
         "reply to any of my emails since 2 weeks.", True),
        # not delivered, or the wrong size, alone: a question for the shop
        ("the parcel hasn't arrived yet, where is it?", False),
        ("I ordered the wrong size, how do I return it?", False),
    ],
)  # fmt: skip
def test_goods_wrong_or_missing_and_a_shop_that_stalls_is_a_dispute(text, handed_off):
    the_plan = plan(text, triage_by({}, default=triaged("purchases", confidence=0.61)))

    assert bool(the_plan.hand_off) is handed_off


def test_any_payment_late_asked_in_other_words_is_what_is_overdue():
    unsure = triaged("next_payment", confidence=0.34)
    text = "do I have any payment late at the moment? which one and how much please"

    assert embedded.reread(text, unsure).intent == "payment_status"
    # ... and the late fee keeps its reading
    fee = triaged("fees", confidence=0.8)
    assert embedded.reread("do i have a late fee?", fee).intent == "fees"


def test_a_payment_of_a_different_amount_gets_how_the_payments_are_split():
    text = "why the last payment of my iPad was few cents different than the others?"

    question = embedded._question(text, triaged("payment_status", confidence=0.6))

    assert question.with_help
    assert embedded.ToolCall("search_help", {"query": text}) in question.calls


def test_a_thing_added_to_a_shop_names_that_purchase_too():
    data = {"get_purchases": {"purchases": [
        {"reference": "A1", "merchant": "Adidas", "description": "Running shoes"},
        {"reference": "H1", "merchant": "H&M", "description": "Winter coat"},
        {"reference": "P1", "merchant": "Apple Store", "description": "iPhone"},
    ]}}  # fmt: skip

    assert answers.asked_about(data, "total across the adidas stuff and the coat") == {"A1", "H1"}
    # A thing said in passing beside a shop is not added.
    assert answers.asked_about(data, "my iphone died so i couldnt pay the adidas one") == {"A1"}
