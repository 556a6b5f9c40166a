"""Answers written from the tools' results (assistant.answers), for the questions that
ask a little more: the payments after the next, what two purchases come to together,
whether the customer is VIP. Pure functions on the tools' JSON."""

from assistant.answers import balance_answer, membership_answer, payments_answer
from assistant.tests.test_embedded_plan import payment


def purchase_list(*merchants):
    return {"purchases": [{"merchant": m, "reference": f"R-{n}", "status": "Paying in instalments"}
                          for n, m in enumerate(merchants)], "more": 0}  # fmt: skip


def schedule(upcoming):
    return {"today": "2026-12-06", "overdue": [], "upcoming": upcoming, "recently_paid": []}


UPCOMING = [
    payment("IKEA", "R-0", "EUR 49.00", "2026-12-10"),
    payment("Nike", "R-1", "EUR 20.00", "2026-12-20"),
    payment("IKEA", "R-0", "EUR 49.00", "2027-01-10"),
]


def test_the_next_payment_alone_unless_the_ones_after_are_asked_for():
    data = {"get_payment_schedule": schedule(UPCOMING), "get_purchases": purchase_list()}

    alone = payments_answer("when is my next payment?", data)
    after = payments_answer("when's my next payment? and the one after that?", data)

    assert "After that" not in alone
    assert after == (
        "Your next payment of EUR 49.00 for IKEA (R-0) is due on 10 December. After that: "
        "EUR 20.00 for Nike (R-1) on 20 December; EUR 49.00 for IKEA (R-0) on 10 January 2027."
    )


def test_no_payment_after_the_next_is_said_plainly():
    data = {"get_payment_schedule": schedule(UPCOMING[:1]), "get_purchases": purchase_list()}

    assert payments_answer("my next few payments?", data).endswith(
        "There are no more payments after that one."
    )


def left(merchant, reference, amount, count=1):
    return {"merchant": merchant, "reference": reference, "left_to_pay": amount,
            "payments_left": count, "overdue_payments": []}  # fmt: skip


def test_what_is_left_on_two_purchases_named_comes_with_their_sum():
    data = {
        "get_balance": {"today": "2026-12-06", "owed": ["EUR 1,600.00"], "more": 0,
                        "purchases": [left("Booking.com", "R-0", "EUR 211.02"),
                                      left("IKEA", "R-1", "EUR 1,353.88", 3),
                                      left("Otto", "R-2", "EUR 35.10")]},
        "get_purchases": purchase_list("Booking.com", "IKEA", "Otto"),
    }  # fmt: skip

    text = balance_answer("how much is left on booking.com and on the ikea one?", data)

    assert "EUR 211.02 left to pay, in one payment" in text
    assert "EUR 1,353.88 left to pay, in three payments" in text
    assert text.endswith("Together, that is EUR 1,564.90 left to pay.")
    assert "Otto" not in text


def test_what_is_left_on_a_purchase_says_when_its_next_payment_is():
    coat = {**left("H&M", "R-0", "EUR 263.55"),
            "next_payment": {"amount": "EUR 263.55", "due_on": "2026-12-29"}}  # fmt: skip
    data = {
        "get_balance": {"today": "2026-12-06", "owed": ["EUR 263.55"], "more": 0,
                        "purchases": [coat]},
        "get_purchases": purchase_list("H&M"),
    }  # fmt: skip

    text = balance_answer("when is the final payment for my H&M coat and how much", data)

    assert text == (
        "Your H&M purchase (R-0) is still being paid off: you have EUR 263.55 left to pay, in "
        "one payment (next payment EUR 263.55 on 29 December)."
    )


def test_one_purchase_named_has_no_sum():
    data = {
        "get_balance": {"today": "2026-12-06", "owed": ["EUR 211.02"], "more": 0,
                        "purchases": [left("IKEA", "R-0", "EUR 211.02")]},
        "get_purchases": purchase_list("IKEA"),
    }  # fmt: skip

    assert "Together" not in balance_answer("whats left on the ikea one", data)


VIP_ARTICLE = {"title": "VIP: a person, fast, guaranteed", "url": "/help/vip/", "summary": "s",
               "excerpt": "VIP customers reach a person fast."}  # fmt: skip
HELP = {"articles": [VIP_ARTICLE]}


def test_a_vip_member_is_told_until_when_and_what_vip_is():
    data = {"get_membership": {"today": "2026-12-06", "vip": True, "vip_until": "2027-01-05"},
            "search_help": HELP}  # fmt: skip

    text = membership_answer("am i still vip?", data)

    assert text.startswith("You are a VIP member until 5 January 2027.")
    assert "VIP customers reach a person fast." in text
    assert "(/help/vip/)" in text


def test_a_customer_without_vip_is_told_so():
    data = {"get_membership": {"today": "2026-12-06", "vip": False, "vip_until": None},
            "search_help": {"articles": []}}  # fmt: skip

    assert membership_answer("do i have vip", data) == (
        "You are not a VIP member at the moment: you are a standard customer."
    )
