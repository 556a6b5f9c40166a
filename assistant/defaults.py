"""The help articles and intents a new installation starts with.

Installed by a data migration, so the help center and the triage have something to
work with from day one, and editable in the admin afterwards. `install_defaults`
only creates what is missing (articles by slug and language, intents by name), so it
never overwrites what staff have changed. The articles ship in English, Swedish and
German (assistant.default_articles_sv, _de: the same slugs and topics).

The policy the articles describe: no interest; one late fee of EUR 5 per instalment
after 7 days, at most EUR 15 per purchase; one payment per purchase may move by up
to 14 days; refunds take 5 to 10 working days from the shop's confirmation.
"""

import hashlib

from django.utils import timezone

from assistant import default_articles_de, default_articles_sv
from assistant.default_intents import INTENTS
from tickets.setting_history import record_current_state

ARTICLES = [
    {
        "slug": "how-instalments-work",
        "title": "How paying in instalments works",
        "summary": "You split a purchase into equal payments, with no interest. The first is "
        "taken when you buy, the others follow on a fixed schedule.",
        "keywords": "instalments, installments, pay later, buy now pay later, split payment, "
        "payment plan, schedule, interest free, how it works, spread the cost, smaller "
        "payments, how many payments, how often, every two weeks, monthly, first payment, last "
        "payment",
        "paragraphs": [
            "When you choose to pay in instalments at checkout, the price is split into equal "
            "payments. Depending on the shop and the amount, you pay in 4 payments two weeks "
            "apart, or in 3 or 6 monthly payments. The shop shows you the plans it offers "
            "before you confirm.",
            "The first payment is taken on the day you buy. The others are taken automatically "
            "from the same card on their due dates, so there is nothing to do as long as the "
            "card has enough money on it. The payments are equal, except that the last one can "
            "differ by a few cents so that everything adds up exactly.",
            "There is no interest, and paying in instalments costs nothing extra when you pay "
            "on time. The only fee we ever charge is a late fee, explained in the article on "
            "late and failed payments.",
            "Once you are logged in, your Purchases page shows every purchase with its "
            "schedule, and your Payments page shows every payment still to come and every "
            "payment already made.",
        ],
    },
    {
        "slug": "how-to-pay",
        "topics": ["how_to_pay"],
        "title": "How to pay, and the payment methods we accept",
        "summary": "Instalments are taken automatically from your card. You can also pay one "
        "early, pay off a whole purchase, or pay by bank transfer.",
        "keywords": "pay, pay now, pay it myself, payment method, debit card, credit card, "
        "Visa, Mastercard, PayPal, instead of my card, bank transfer, make a payment, "
        "pay early, pay off, "
        "pay the rest, settle balance, pay an instalment early, pay before the due date, "
        "card expires, expired card, new card, different card",
        "paragraphs": [
            "Your instalments are taken automatically from the debit or credit card you used at "
            "checkout. We accept Visa and Mastercard. If you paid with Apple Pay or Google Pay, "
            "we charge the card behind it.",
            "You can pay an instalment early, or pay off everything you still owe on a "
            "purchase, at any time: talk to us and we take the payment straight away. Paying "
            "early is always free.",
            "You can also pay by bank transfer. Ask us for our bank details and put your order "
            "reference in the payment description, so that we can match the money to your "
            "purchase. A transfer takes one or two working days to reach us, so send it a few "
            "days before the due date.",
            "To have your payments taken from a different card, talk to a person. For your "
            "safety we send you a secure link to add the new card; we never ask for your full "
            "card number or your password by email or chat.",
        ],
    },
    {
        "slug": "change-payment-date",
        "topics": ["change_payment_date"],
        "title": "Changing a payment date",
        "summary": "You can move one instalment per purchase by up to 14 days, for free. Ask "
        "at least two working days before it is due.",
        "keywords": "change date, move payment, postpone, delay, reschedule, due date, payday, "
        "get paid, salary, pay a week later, a few days later, more time, later date, different "
        "day, next week, push back, wait",
        "paragraphs": [
            "If a due date does not suit you, for example because it falls just before payday, "
            "you can move one instalment per purchase by up to 14 days. Moving a payment is "
            "free, and the other instalments keep their dates.",
            "Ask us at least two working days before the payment is due, so that the change is "
            "made before we try to take the money. Tell us the order reference, which payment "
            "you want to move and the date you would like instead. The new date then shows on "
            "your Payments page.",
            "A payment that has already failed or is late cannot be moved, but you can pay it "
            "at any time: see the article on late and failed payments.",
            "If you need to move more than one payment because money is tight, please talk to "
            "a person instead. We can pause your payments or set up a plan that works for you: "
            "see the article on financial difficulty.",
        ],
    },
    {
        "slug": "late-or-failed-payments",
        "topics": ["fees", "payment_status"],
        "title": "Late or failed payments, and our fees",
        "summary": "We never charge interest. If a payment fails we try again; only if it is "
        "still unpaid 7 days after its due date do we add a late fee of EUR 5, at most "
        "EUR 15 per purchase.",
        "keywords": "failed payment, late payment, missed payment, miss a payment, forgot to pay, "
        "pay late, declined, bounced, did not go through, not enough money, insufficient funds, "
        "late fee, fees, charges, hidden charges, extra charge, charged, interest, overdue, "
        "penalty, cost",
        "paragraphs": [
            "Paying in instalments costs nothing if you pay on time: no interest, no sign-up "
            "fee and no fee for paying early.",
            "If a payment fails, for example because the card has expired or there was not "
            "enough money on it, we email you the same day and try again three days later. "
            "Until it is paid, the payment shows as Failed or Late on your Payments page.",
            "If the payment is still unpaid 7 days after its due date, we add a late fee of "
            "EUR 5 to it. There is only one late fee per instalment, and late fees never add "
            "up to more than EUR 15 for one purchase, however long it stays unpaid.",
            "You can pay a late or failed instalment at any time, by card or by bank transfer "
            "(see How to pay). While a payment is overdue, you cannot start new purchases in "
            "instalments.",
            "If you think a fee was charged by mistake, or you could not pay because of a "
            "problem on our side, talk to a person and we will look at it. If you are late "
            "because money is tight, tell us early: we can pause your payments and remove late "
            "fees (see the article on financial difficulty).",
        ],
    },
    {
        "slug": "refunds",
        "topics": ["refund_status", "returns"],
        "title": "Refunds: how long they take and what happens to your instalments",
        "summary": "Once the shop confirms your return or cancellation, your refund is done "
        "within 5 to 10 working days, and it reduces what you still owe.",
        "keywords": "refund, refunded, money back, reimbursement, reimbursed, refund status, how "
        "long, still waiting, where is my money, returned, cancelled order, partial refund, "
        "refund declined, back on my card, credit",
        "paragraphs": [
            "A refund starts with the shop. When the shop has received your return, or has "
            "cancelled your order, it confirms the refund to us with the amount. This step "
            "depends on the shop, and often comes a few days after your parcel arrives.",
            "How long a refund takes: from the moment the shop confirms, we complete your "
            "refund within 5 to 10 working days. You can follow it on your Refunds page: "
            "Requested means we know about it, Processing means we are working on it, and "
            "Issued means it is done.",
            "A refund first reduces what you still owe on that purchase, starting with the "
            "last instalment, so your plan ends sooner. If the refund is more than what is "
            "left to pay, the difference goes back to the card you paid with. After a full "
            "refund, the remaining instalments are cancelled and everything you paid comes "
            "back to your card.",
            "Money going back to your card can take a few more working days to show on your "
            "statement, depending on your bank.",
            "If the shop has not confirmed a return you sent more than 14 days ago, or your "
            "refund is later than expected, talk to a person: we chase the shop, and can pause "
            "your payments for that purchase meanwhile. If a refund shows as Declined and you "
            "think that is wrong, talk to a person and quote the order reference.",
        ],
    },
    {
        "slug": "returns",
        "topics": ["returns"],
        "title": "Returning an item",
        "summary": "Returns go through the shop. Keep your proof of postage, and tell us if "
        "you want your payments paused until the shop confirms.",
        "keywords": "return, send back, send it back, returns, return an item, exchange, wrong "
        "size, too small, too big, does not fit, changed my mind, give back, post it back, "
        "parcel, proof of postage, return label",
        "paragraphs": [
            "You return an item the way the shop describes in its returns policy: through its "
            "website, with its label, within the time it allows. We cannot take returns "
            "ourselves, but we make sure the refund reaches your plan.",
            "Keep the proof of postage or the tracking number until your refund is issued. If "
            "the shop says it never received the parcel, that is what shows you sent it.",
            "Your instalments carry on while the shop deals with the return. If you have sent "
            "the item back and do not want to keep paying for it meanwhile, talk to a person: "
            "we can pause the payments for that purchase for up to 21 days while we wait for "
            "the shop.",
            "An exchange, such as another size, is between you and the shop. If the new item "
            "costs the same, your plan does not change.",
            "Once the shop confirms the return, see the article on refunds for how long the "
            "money takes and how it reduces your instalments.",
        ],
    },
    {
        "slug": "disputes",
        "topics": ["dispute"],
        "title": "A problem with a shop: opening a dispute",
        "summary": "If an order never arrived, was faulty, or the shop will not refund you, a "
        "person on our team can open a dispute and pause your payments meanwhile.",
        "keywords": "dispute, shop, merchant, seller, store, not arrived, never arrived, never "
        "came, never turned up, did not arrive, faulty, broken, damaged, not as described, "
        "charged twice, paid twice, double charge, wrong item, claim, shop not answering, "
        "ignoring me, no reply",
        "paragraphs": [
            "Most problems are solved fastest by the shop itself, so please contact the shop "
            "first and give it a few working days to reply. Keep what it writes to you.",
            "If that does not help, talk to a person on our team and ask to open a dispute. "
            "Disputes are for orders that never arrived, items that were faulty or not as "
            "described, a refund the shop promised but never sent, a cancelled service, or a "
            "purchase charged twice.",
            "Have your order reference ready, with anything that shows what happened: emails "
            "or messages with the shop, photos of the item, tracking details, or proof that "
            "you sent a return.",
            "While the dispute is open, the payments for that purchase are paused and no late "
            "fees are added to it. We ask the shop for its side, usually within 14 days, and "
            "then tell you what we have decided. If the dispute goes your way, we cancel what "
            "you still owe for the disputed items and refund what you paid for them.",
            "Disputes are always handled by a person, never by the assistant alone.",
        ],
    },
    {
        "slug": "lost-or-stolen-card",
        "topics": ["lost_card"],
        "title": "Lost or stolen card",
        "summary": "Block the card with your bank straight away, then talk to a person so "
        "that no instalment is charged to it. We answer these first.",
        "keywords": "lost card, stolen card, wallet stolen, purse stolen, lost wallet, block "
        "card, freeze card, missing card, misplaced card, cannot find my card, left my card, "
        "nicked, pickpocket, replace card, new card",
        "paragraphs": [
            "First, call your bank or card issuer to block the card. Its emergency number is "
            "on its website and on your bank statements, and it answers day and night. Only "
            "your bank can block the card itself.",
            "Then talk to a person on our team and say that the card is lost or stolen. This "
            "is urgent, so it is answered before other requests. We remove the card from your "
            "account so that no instalment is charged to it, and send you a secure link to "
            "add a new one. You have 14 days to add it, and no late fees are added meanwhile.",
            "If you see purchases or payments you did not make, say so straight away: see the "
            "article on suspected fraud.",
            "We never ask for your full card number, your PIN or your password. If someone "
            "asks for them in our name, it is not us.",
        ],
    },
    {
        "slug": "suspected-fraud",
        "topics": ["fraud"],
        "title": "A purchase you do not recognise: suspected fraud",
        "summary": "If you see a purchase or payment you did not make, or think someone has "
        "used your account, talk to a person now. You do not pay for purchases you did not make.",
        "keywords": "fraud, scam, hacked, unauthorised, unauthorized, did not buy, never ordered, "
        "do not recognise, unknown charge, identity theft, suspicious, phishing, someone used "
        "my account, someone logged in, using my details, fake email, text asking for a code",
        "paragraphs": [
            "If there is a purchase on your account that you did not make, a payment you did "
            "not agree to, or you think someone else has logged in to your account, talk to a "
            "person straight away. Fraud reports go to a specialist team and are answered "
            "before anything else.",
            "We freeze the purchases you report, so that nothing more is taken for them while "
            "we investigate, and no late fees are added to them. You do not have to pay for "
            "purchases you did not make.",
            "To protect your account now, change your password (Profile, then Change your "
            "password), and if your card may have been used by someone else, ask your bank to "
            "block it.",
            "Be wary of messages that claim to come from us. We never ask for your password, "
            "your full card number, your PIN or a code we sent you, whether by email, text "
            "message, phone or chat. If you receive such a message, do not answer it, and "
            "tell us.",
        ],
    },
    {
        "slug": "financial-difficulty",
        "topics": ["hardship"],
        "title": "If you are struggling to pay",
        "summary": "Tell us early and talk to a person. We can pause your payments, spread "
        "them out and remove late fees, without any interest.",
        "keywords": "financial difficulty, hardship, cannot pay, can't afford, struggling, lost "
        "job, unemployed, ill, sick, no money, broke, money tight, money problems, pause "
        "payments, payment break, payment holiday, take a break, debt, debt advice",
        "paragraphs": [
            "Losing a job, falling ill or an unexpected bill can happen to anyone. If you "
            "think you will not be able to make your next payments, talk to a person on our "
            "team as early as you can. It is much easier to help before payments start to fail.",
            "Depending on your situation, we can pause your payments for up to 30 days, spread "
            "what you still owe over more and smaller instalments, and remove late fees already "
            "added. None of this costs you interest or any fee.",
            "The conversation is confidential and always with a person, not the assistant. We "
            "ask a few questions about your situation, and never for proof you cannot easily "
            "give.",
            "If you are worried about debts beyond your purchases with us, a free and "
            "independent debt advice service can help you look at everything together. Our "
            "team can point you to one in your country.",
        ],
    },
    {
        "slug": "update-your-details",
        "topics": ["account_details"],
        "title": "Updating your details",
        "summary": "Change your name and password on your Profile page. To change your email "
        "address or your card, talk to a person, who first checks that it is you.",
        "keywords": "update details, change name, wrong name, surname, change email, new email "
        "address, profile, personal details, personal information, edit profile, change "
        "password, forgot password, reset password, cannot log in, change card, phone number, "
        "mobile number, home address, postal address",
        "paragraphs": [
            "Your name: log in, open Profile, change it and choose Save.",
            "Your password: on your Profile page, choose Change your password. If you have "
            "forgotten it, use the Forgotten your password? link on the login page.",
            "Your email address is how you log in, so for your safety we change it only after "
            "checking that it is you. Talk to a person and we will guide you through it.",
            "The card we take your payments from: talk to a person, who sends you a secure link "
            "to add the new card. The payments still to come are then taken from the new card.",
            "Your phone number and address: we write to you by email only, so your account "
            "keeps no phone number or postal address to update. A delivery address is the "
            "shop's: ask the shop you bought from to change it.",
        ],
    },
    {
        "slug": "close-your-account",
        "topics": ["account_details"],
        "title": "Closing your account",
        "summary": "You can close your account once every purchase is paid or refunded. Talk "
        "to a person to do it.",
        "keywords": "close account, delete account, cancel account, deactivate account, remove "
        "account, remove my data, delete my data, stop using, leave",
        "paragraphs": [
            "You can close your account when nothing is left to pay and no refund is still on "
            "its way. Look at your Payments and Refunds pages: if no payment is still to come "
            "and no refund is waiting, you are ready.",
            "To close your account, talk to a person and ask. We confirm by email, to the "
            "address on your account. If you still owe something, we tell you what, and you "
            "can pay it all at once, free of charge.",
            "Once your account is closed, you can no longer log in. We keep the records of "
            "your purchases and payments for as long as the law requires, and delete the rest "
            "of your personal data. A VIP subscription ends with the account, and you are not "
            "charged for it again.",
        ],
    },
    {
        "slug": "complaints",
        "topics": ["complaint"],
        "title": "Making a complaint",
        "summary": "If we have got something wrong, tell a person. A senior member of the team "
        "looks at every complaint and answers within 5 working days.",
        "keywords": "complaint, complain, file a complaint, unhappy, not happy, disappointed, not "
        "satisfied, poor service, terrible service, bad experience, rude, unfair, no answer, "
        "escalate, ombudsman",
        "paragraphs": [
            "If you are unhappy with our service, with how a request was handled or with a "
            "decision we made, we want to know. Talk to a person and say that you want to make "
            "a complaint; you can also email us. Tell us what happened and what you would like "
            "us to do, with the order reference if it is about a purchase.",
            "A senior member of our team, not the person you dealt with before, looks at every "
            "complaint. We confirm that we have it within one working day and give you our "
            "answer within 5 working days. If we need longer, we tell you why and when to "
            "expect it.",
            "If we got it wrong, we put it right: we correct your account, remove any fee that "
            "should not have been charged, and explain what we are changing so that it does "
            "not happen again.",
            "If you are not satisfied with our final answer, we tell you which independent "
            "dispute resolution service in your country you can take your complaint to, free "
            "of charge.",
        ],
    },
    {
        "slug": "talk-to-a-human",
        "topics": ["contact_us", "human_agent"],
        "title": "How to talk to a human",
        "summary": "You can reach a person at any time, from any page, without getting past "
        "the assistant first.",
        "keywords": "talk to a human, talk to a person, speak to someone, real person, human "
        "agent, agent, not a bot, contact us, get in touch, reach you, phone number, email us, "
        "opening hours, working hours, support team, customer service, chat with someone",
        "paragraphs": [
            "Every page has a Talk to a human button. It shows every way to reach our team: "
            "write to a person from your account, and follow the conversation under My "
            "requests, or email us with your order reference.",
            "The assistant answers routine questions straight away, such as when your next "
            "payment is due or where your refund is. You can ask it for a person at any time, "
            "and it hands your conversation over, so you do not have to start again.",
            "Some matters always go to a person: suspected fraud, a lost or stolen card, a "
            "dispute with a shop, and money difficulties. The urgent ones are answered first.",
            "Our team answers during working hours, Monday to Friday. Every customer can "
            "always reach a person; if you want a guaranteed fast answer at any hour, see the "
            "article on VIP.",
        ],
    },
    {
        "slug": "vip",
        "topics": ["vip"],
        "title": "VIP: a person, fast, guaranteed",
        "summary": "VIP is a paid subscription that puts you through to a person within a "
        "guaranteed time, day or night.",
        "keywords": "VIP, premium, subscription, priority, priority support, fast, faster answer, "
        "quicker, quickly, guaranteed, membership, plan, price, monthly cost, any hour, 24/7",
        "paragraphs": [
            "VIP is an optional paid subscription for people who want a guaranteed fast answer "
            "from a person. A VIP's request goes straight to a dedicated team and is answered "
            "by a person within the time the plan guarantees, at any hour, every day of the "
            "week.",
            "If we miss that time, we tell you so, and credit your subscription.",
            "The plans, their prices and their guaranteed response times are shown before you "
            "subscribe. You can cancel at any time; VIP stays active until the end of the "
            "period you have paid for.",
            "You do not need VIP to reach a person. Every customer can talk to a human at any "
            "time; VIP guarantees how fast.",
        ],
    },
]


# name, route, description, example phrases (as customers write them, typos included)
def install_defaults(apps=None) -> None:
    """Create the default articles and intents that are missing. `apps` is the
    migration's app registry, if any."""
    if apps is None:
        from django.apps import apps
    Article = apps.get_model("assistant", "Article")
    Intent = apps.get_model("assistant", "Intent")

    # An earlier migration's Article has no topics yet (assistant 0007 adds them), nor
    # a language (0013): it gets the English articles only.
    field_names = {field.name for field in Article._meta.get_fields()}
    in_languages = {"en": ARTICLES}
    if "language" in field_names:
        in_languages |= TRANSLATED_ARTICLES
    for language, articles in in_languages.items():
        for article in articles:
            fields = {
                "title": article["title"],
                "summary": article["summary"],
                "keywords": article["keywords"],
                "body": "\n\n".join(article["paragraphs"]),
            }
            if "topics" in field_names:
                fields["topics"] = TOPICS.get(article["slug"], [])
            lookup = {"slug": article["slug"]}
            if "language" in field_names:
                lookup["language"] = language
            Article.objects.get_or_create(**lookup, defaults=fields)
    for name, route, description, examples in INTENTS:
        Intent.objects.get_or_create(
            name=name,
            defaults={"route": route, "description": description, "examples": "\n".join(examples)},
        )


def add_topics(apps) -> None:
    """Give the default articles their topics where staff have set none (an upgrade)."""
    Article = apps.get_model("assistant", "Article")
    for default in ARTICLES:
        article = _english(Article).filter(slug=default["slug"]).first()
        if article is not None and not article.topics and default.get("topics"):
            article.topics = default["topics"]
            article.save(update_fields=["topics"])


def fingerprint(text: str) -> str:
    """What an upgrade compares to tell a default nobody edited from an edited one."""
    return hashlib.sha256(text.encode()).hexdigest()[:16]


# What the settings' history says of the changes refresh_defaults makes.
REFRESH_REASON = "Default content brought up to date"


def refresh_defaults(apps, installed: dict[str, dict]) -> bool:
    """Bring an installation's default content up to this version's: what is missing is
    created, and an intent's examples, an article's keywords, body or topics that staff
    never edited (still what an earlier version installed: `installed`, by "intents"
    name, "articles" slug for keywords and "bodies" slug for bodies, each one fingerprint
    or a list of them, one per earlier version; "topics" slug for a list of earlier
    topic lists) take this version's. Edited ones are kept. True when an intent changed:
    the assistant must then be retrained to know it."""
    before = set(apps.get_model("assistant", "Intent").objects.values_list("name", flat=True))
    install_defaults(apps)
    Article = apps.get_model("assistant", "Article")
    Intent = apps.get_model("assistant", "Intent")
    changed = set(Intent.objects.values_list("name", flat=True)) != before
    for name, route, description, examples in INTENTS:
        intent = Intent.objects.get(name=name)
        if _as_installed(intent.examples, installed["intents"].get(name)):
            intent.route, intent.description = route, description
            intent.examples = "\n".join(examples)
            intent.save(update_fields=["route", "description", "examples"])
            changed = True
    for default in ARTICLES:
        article = _english(Article).get(slug=default["slug"])
        if _as_installed(article.keywords, installed["articles"].get(default["slug"])):
            article.keywords, article.updated_at = default["keywords"], timezone.now()
            article.save(update_fields=["keywords", "updated_at"])
        if _as_installed(article.body, installed.get("bodies", {}).get(default["slug"])):
            article.body, article.updated_at = "\n\n".join(default["paragraphs"]), timezone.now()
            article.save(update_fields=["body", "updated_at"])
        earlier_topics = installed.get("topics", {}).get(default["slug"])
        if earlier_topics and article.topics in earlier_topics:  # (0007 added topics)
            article.topics = default.get("topics", [])
            article.save(update_fields=["topics"])
    # A migration's models record no history themselves (none before assistant 0009).
    record_current_state(apps, "assistant", ["Intent", "Article"], reason=REFRESH_REASON)
    return changed


def refresh_and_retrain(apps, installed: dict[str, dict]) -> None:
    """A content migration's work: refresh_defaults, then retrain an assistant that has
    served (one that never has trains on its first message)."""
    from assistant.training import train_version

    Version = apps.get_model("assistant", "TriageModelVersion")
    if refresh_defaults(apps, installed) and Version.objects.exists():
        train_version(apps.get_model("assistant", "Intent"), Version)


def _english(Article):
    """The English articles (all of them before assistant 0013 gave articles a language)."""
    if any(field.name == "language" for field in Article._meta.get_fields()):
        return Article.objects.filter(language="en")
    return Article.objects.all()


def _as_installed(text: str, fingerprints) -> bool:
    """`text` is what an earlier version installed (one of `fingerprints`)."""
    if isinstance(fingerprints, str):
        fingerprints = [fingerprints]
    return fingerprint(text) in (fingerprints or [])


TRANSLATED_ARTICLES = {"sv": default_articles_sv.ARTICLES, "de": default_articles_de.ARTICLES}
TOPICS = {article["slug"]: article.get("topics", []) for article in ARTICLES}
