"""The help articles and intents a new installation starts with.

Installed by a data migration, so the help center and the triage have something to
work with from day one, and editable in the admin afterwards. `install_defaults`
only creates what is missing (articles by slug, intents by name), so it never
overwrites what staff have changed.

The policy the articles describe: no interest; one late fee of EUR 5 per instalment
after 7 days, at most EUR 15 per purchase; one payment per purchase may move by up
to 14 days; refunds take 5 to 10 working days from the shop's confirmation.
"""

ROUTINE = "ROUTINE"
HUMAN = "HUMAN"

ARTICLES = [
    {
        "slug": "how-instalments-work",
        "title": "How paying in instalments works",
        "summary": "You split a purchase into equal payments, with no interest. The first is "
        "taken when you buy, the others follow on a fixed schedule.",
        "keywords": "instalments, installments, pay later, split payment, payment plan, schedule, "
        "interest free, how it works",
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
        "title": "How to pay, and the payment methods we accept",
        "summary": "Instalments are taken automatically from your card. You can also pay one "
        "early, pay off a whole purchase, or pay by bank transfer.",
        "keywords": "pay, payment method, card, debit card, credit card, bank transfer, pay "
        "early, pay off, settle balance, change card, Apple Pay, Google Pay",
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
        "title": "Changing a payment date",
        "summary": "You can move one instalment per purchase by up to 14 days, for free. Ask "
        "at least two working days before it is due.",
        "keywords": "change date, move payment, postpone, delay, reschedule, due date, payday, "
        "pay a week later, a few days later, push back",
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
        "title": "Late or failed payments, and our fees",
        "summary": "We never charge interest. If a payment fails we try again; only if it is "
        "still unpaid 7 days after its due date do we add a late fee of EUR 5, at most "
        "EUR 15 per purchase.",
        "keywords": "failed payment, late payment, missed payment, declined, late fee, fees, "
        "charges, interest, overdue, penalty, cost",
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
        "title": "Refunds: how long they take and what happens to your instalments",
        "summary": "Once the shop confirms your return or cancellation, your refund is done "
        "within 5 to 10 working days, and it reduces what you still owe.",
        "keywords": "refund, money back, reimbursement, refund status, how long, returned, "
        "cancelled order, partial refund, credit",
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
        "title": "Returning an item",
        "summary": "Returns go through the shop. Keep your proof of postage, and tell us if "
        "you want your payments paused until the shop confirms.",
        "keywords": "return, send back, returns, exchange, wrong size, parcel, proof of postage, "
        "return label",
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
        "title": "A problem with a shop: opening a dispute",
        "summary": "If an order never arrived, was faulty, or the shop will not refund you, a "
        "person on our team can open a dispute and pause your payments meanwhile.",
        "keywords": "dispute, shop, merchant, seller, not arrived, never arrived, faulty, broken, "
        "damaged, charged twice, wrong item, claim, shop not answering, ignoring me",
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
        "title": "Lost or stolen card",
        "summary": "Block the card with your bank straight away, then talk to a person so "
        "that no instalment is charged to it. We answer these first.",
        "keywords": "lost card, stolen card, wallet stolen, block card, freeze card, missing "
        "card, replace card, new card",
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
        "title": "A purchase you do not recognise: suspected fraud",
        "summary": "If you see a purchase or payment you did not make, or think someone has "
        "used your account, talk to a person now. You do not pay for purchases you did not make.",
        "keywords": "fraud, scam, hacked, unauthorised, unauthorized, did not buy, do not "
        "recognise, identity theft, suspicious, phishing, someone used my account",
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
        "title": "If you are struggling to pay",
        "summary": "Tell us early and talk to a person. We can pause your payments, spread "
        "them out and remove late fees, without any interest.",
        "keywords": "financial difficulty, hardship, cannot pay, can't afford, struggling, lost "
        "job, pause payments, payment break, debt, money problems",
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
        "title": "Updating your details",
        "summary": "Change your name and password on your Profile page. To change your email "
        "address or your card, talk to a person, who first checks that it is you.",
        "keywords": "update details, change name, change email, profile, personal details, change "
        "password, change card",
        "paragraphs": [
            "Your name: log in, open Profile, change it and choose Save.",
            "Your password: on your Profile page, choose Change your password. If you have "
            "forgotten it, use the Forgotten your password? link on the login page.",
            "Your email address is how you log in, so for your safety we change it only after "
            "checking that it is you. Talk to a person and we will guide you through it.",
            "The card we take your payments from: talk to a person, who sends you a secure link "
            "to add the new card. The payments still to come are then taken from the new card.",
        ],
    },
    {
        "slug": "close-your-account",
        "title": "Closing your account",
        "summary": "You can close your account once every purchase is paid or refunded. Talk "
        "to a person to do it.",
        "keywords": "close account, delete account, cancel account, remove my data, leave",
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
        "title": "Making a complaint",
        "summary": "If we have got something wrong, tell a person. A senior member of the team "
        "looks at every complaint and answers within 5 working days.",
        "keywords": "complaint, complain, unhappy, not satisfied, poor service, rude, no answer, "
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
        "title": "How to talk to a human",
        "summary": "You can reach a person at any time, from any page, without getting past "
        "the assistant first.",
        "keywords": "talk to a human, talk to a person, speak to someone, real person, human "
        "agent, not a bot, contact us, support team, customer service",
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
        "title": "VIP: a person, fast, guaranteed",
        "summary": "VIP is a paid subscription that puts you through to a person within a "
        "guaranteed time, day or night.",
        "keywords": "VIP, premium, subscription, priority, fast, guaranteed, membership, plan, "
        "price",
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
INTENTS = [
    (
        "payment_status",
        ROUTINE,
        "Whether a payment went through, and whether the account is up to date.",
        [
            "did my last payment go through",
            "has my payment been taken yet",
            "is my instalment paid",
            "what's the status of my payment",
            "did u get my payment?",
            "was the money taken from my card",
            "check if I've paid",
            "paymnet status pls",
            "is my account up to date",
            "am I behind on my payments",
            "why does it say my payment failed",
            "which payments have I made so far",
            "did this month's payment work",
            "is anything overdue on my account",
            "show me my payment history",
            "have i missed a payment",
        ],
    ),
    (
        "next_payment",
        ROUTINE,
        "When the next payment is due, how much it is, and what is left to pay.",
        [
            "when is my next payment",
            "when's the next instalment due",
            "how much do I pay next",
            "next payment date?",
            "what do i owe next month",
            "how much is my next instalment",
            "when do you take the next payment",
            "what are my upcoming payments",
            "wen is my next payment due",
            "how much have I got left to pay",
            "what's my remaining balance",
            "how many payments are left",
            "when will my plan be finished",
            "what's coming out of my account next week",
            "due date of my next instalment",
            "when do i have to pay again",
        ],
    ),
    (
        "refund_status",
        ROUTINE,
        "Where a refund is and when it will arrive.",
        [
            "where is my refund",
            "when will I get my money back",
            "has my refund been processed",
            "refund still not here",
            "it's been a week and still no refund",
            "did the shop send my refund",
            "status of my refund please",
            "my refund is taking forever",
            "sent my order back, when do i get refunded",
            "refnd status",
            "how long does a refund take",
            "why hasn't my refund arrived yet",
            "is my refund approved",
            "I was promised a refund, where is it",
            "when will the refund show on my card",
            "did you get the refund from the store",
        ],
    ),
    (
        "purchases",
        ROUTINE,
        "The customer's purchases, their details and order references.",
        [
            "show my purchases",
            "what did I buy",
            "list my orders",
            "which orders am I still paying off",
            "what's my order reference",
            "I can't find my order",
            "see all my purchases",
            "how many purchases do i have open",
            "details of my last order",
            "what did i order last month",
            "my orders pls",
            "which purchases are still active",
            "find the reference number for my order",
            "can you show me what I bought in march",
            "order history",
            "wat have i bought with you",
        ],
    ),
    (
        "how_to_pay",
        ROUTINE,
        "How to pay, payment methods, paying early or paying off a purchase.",
        [
            "how do I pay",
            "how can i pay my instalment",
            "can I pay early",
            "can I pay off the whole thing now",
            "what payment methods do you accept",
            "can i pay by bank transfer",
            "do you take credit cards",
            "how do I change the card you charge",
            "can I use apple pay",
            "I want to pay my balance in full",
            "how to make a payment",
            "can i pay with a different card this time",
            "where do i pay",
            "how do i pay the overdue one",
            "is there a way to settle everything today",
        ],
    ),
    (
        "fees",
        ROUTINE,
        "Fees, interest and late charges.",
        [
            "are there any fees",
            "do you charge interest",
            "what is the late fee",
            "why was I charged a fee",
            "how much does it cost if I pay late",
            "is there a fee if i miss a payment",
            "any hidden charges?",
            "what does it cost to use this",
            "why is my payment higher than before",
            "there's a late charge on my account?",
            "is it really interest free",
            "do i pay extra for paying in 6 instalments",
            "fees for paying early?",
            "what happens if im late, do i get charged",
            "how much are ur fees",
        ],
    ),
    (
        "change_payment_date",
        ROUTINE,
        "Moving an instalment to another date.",
        [
            "can I change my payment date",
            "move my next payment",
            "can I pay a week later",
            "postpone my instalment",
            "i get paid on the 25th can i move the due date",
            "delay my payment by a few days",
            "change due date",
            "push back my payment",
            "can the payment come out at the end of the month instead",
            "reschedule my instalment",
            "shift the payment date to after payday",
            "need to move my payment to friday",
            "is it possible to change when the money is taken",
            "can i pick a different day for my payments",
        ],
    ),
    (
        "greeting",
        ROUTINE,
        "Hello.",
        [
            "hi",
            "hello",
            "hey there",
            "good morning",
            "good evening",
            "hiya",
            "hello, anyone there?",
            "hi, I have a question",
            "hey",
            "yo",
            "heyy",
            "good afternoon",
            "hallo",
            "morning!",
            "hi there, can you help me",
        ],
    ),
    (
        "thanks",
        ROUTINE,
        "Thank you.",
        [
            "thanks",
            "thank you",
            "thx",
            "cheers",
            "thanks a lot",
            "that helps, thank you",
            "ty",
            "great, thanks",
            "perfect thank you so much",
            "much appreciated",
            "thanks for your help",
            "brilliant, cheers",
            "ok thanks",
            "thank u",
            "thanks, that's all I needed",
        ],
    ),
    (
        "goodbye",
        ROUTINE,
        "Goodbye.",
        [
            "bye",
            "goodbye",
            "see you",
            "that's all",
            "nothing else, bye",
            "have a nice day",
            "cya",
            "I'm done, bye",
            "talk later",
            "ok bye",
            "byee",
            "that's everything",
            "good night",
            "see ya later",
            "all sorted, bye",
        ],
    ),
    (
        "fraud",
        HUMAN,
        "A purchase or payment the customer did not make, or someone else in their account.",
        [
            "there's a purchase I didn't make",
            "someone used my account",
            "I don't recognise this order",
            "my account was hacked",
            "fraudulent charge on my account",
            "I think I've been scammed",
            "somebody ordered stuff in my name",
            "there's a purchase from a shop I've never used",
            "I got an email about an order I never placed",
            "someone else is using my details",
            "identity theft",
            "i didnt buy this",
            "suspicious activity on my account",
            "there are payments I never authorised",
            "a stranger has my login",
            "got a text asking for my code, is that you?",
        ],
    ),
    (
        "dispute",
        HUMAN,
        "A problem with a shop: not delivered, faulty, refused refund, charged twice.",
        [
            "the shop won't give me my money back",
            "I want to dispute a purchase",
            "my item never arrived",
            "the merchant is ignoring me",
            "I returned it but the shop says they never got it",
            "the product was broken and they refuse a refund",
            "I was charged twice for one order",
            "they sent the wrong item and won't fix it",
            "i want to open a dispute with the seller",
            "the store cancelled my order but I'm still paying",
            "the hotel cancelled my booking and won't refund",
            "item not as described",
            "the shop closed down and i never got my order",
            "the amount they charged is wrong",
            "seller wont answer my emails about a faulty item",
        ],
    ),
    (
        "lost_card",
        HUMAN,
        "The customer's card is lost or stolen.",
        [
            "I lost my card",
            "my card was stolen",
            "my wallet got stolen",
            "can't find my bank card",
            "my card is lost, what do I do",
            "someone stole my purse with my card in it",
            "i need to block my card",
            "left my card in a taxi",
            "my debit card is missing",
            "stolen card",
            "lost my credit card yesterday",
            "freeze my card please",
            "my card got nicked",
            "i think i dropped my card somewhere",
            "phone and cards stolen",
        ],
    ),
    (
        "hardship",
        HUMAN,
        "The customer cannot afford their payments.",
        [
            "I can't afford my payments",
            "I lost my job and can't pay",
            "I'm struggling financially",
            "can you pause my payments",
            "I need a break from paying",
            "I'm in debt and need help",
            "I won't be able to pay this month",
            "money is really tight right now",
            "i have no money for the next instalment",
            "can I pay less each month",
            "I'm having financial problems",
            "I'm ill and can't work, what about my payments",
            "can you freeze my payments for a while",
            "i'm broke until next month",
            "can we set up a plan i can actually afford",
        ],
    ),
    (
        "complaint",
        HUMAN,
        "The customer wants to complain about the service.",
        [
            "I want to make a complaint",
            "this service is terrible",
            "I'm very unhappy with how I was treated",
            "nobody has answered my emails",
            "I want to complain about one of your agents",
            "this is the third time I'm asking",
            "you charged me wrongly and I'm furious",
            "worst customer service ever",
            "formal complaint",
            "I'm fed up with this",
            "how do I file a complaint",
            "your staff were rude to me",
            "i've been waiting weeks for an answer",
            "this is unacceptable",
            "i'm going to report you",
        ],
    ),
    (
        "human_agent",
        HUMAN,
        "The customer asks for a person.",
        [
            "I want to talk to a person",
            "can I speak to a human",
            "get me a real person",
            "agent please",
            "connect me to customer service",
            "I don't want to talk to a bot",
            "is there a human I can chat with",
            "put me through to someone",
            "let me talk to your support staff",
            "human",
            "representative",
            "can someone call me",
            "let me speak to an advisor",
            "i need a real person not a robot",
            "operator please",
            "transfer me to an agent",
        ],
    ),
]


def install_defaults(apps=None) -> None:
    """Create the default articles and intents that are missing. `apps` is the
    migration's app registry, if any."""
    if apps is None:
        from django.apps import apps
    Article = apps.get_model("assistant", "Article")
    Intent = apps.get_model("assistant", "Intent")

    for article in ARTICLES:
        Article.objects.get_or_create(
            slug=article["slug"],
            defaults={
                "title": article["title"],
                "summary": article["summary"],
                "keywords": article["keywords"],
                "body": "\n\n".join(article["paragraphs"]),
            },
        )
    for name, route, description, examples in INTENTS:
        Intent.objects.get_or_create(
            name=name,
            defaults={"route": route, "description": description, "examples": "\n".join(examples)},
        )
