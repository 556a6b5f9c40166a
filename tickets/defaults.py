"""The rules, SLA policies and queues a new installation starts with.

Installed by a data migration (so every deployment has a sensible desk from day
one) and editable in the admin afterwards. `install_defaults` only creates what is
missing, by name, so it never overwrites a supervisor's edits."""

import datetime as dt

QUEUES = [
    # name, description, topics, is_default, auto_assign
    ("General", "Everything no rule routes elsewhere.", [], True, False),
    ("Payments and refunds", "Payment plans, failed payments, refunds.",
     ["payment_status", "next_payment", "refund_status", "fees", "how_to_pay"], False, False),
    ("Risk", "Fraud, disputes, lost or stolen cards, financial hardship.",
     ["fraud", "dispute", "lost_card", "hardship", "bereavement", "legal"], False, False),
    ("VIP", "VIP subscribers: a person within the guaranteed time.", [], False, True),
]  # fmt: skip

# A Swedish desk: Swedish public holidays, and Fridays end an hour early.
CALENDAR = {
    "name": "Stockholm office hours",
    "time_zone": "Europe/Stockholm",
    "country": "SE",
}
OPENING_HOURS = [
    # weekday (Monday=0), opens, closes
    *((weekday, dt.time(8, 0), dt.time(17, 0)) for weekday in range(4)),
    (4, dt.time(8, 0), dt.time(16, 0)),
]

SLA_POLICIES = [
    # name, position, tier, min_priority, first, next, resolution (minutes), business hours?
    ("VIP guarantee", 10, "vip", None, 15, 15, 8 * 60, False),
    ("Urgent", 20, "", 4, 30, 60, 8 * 60, False),
    ("Standard", 100, "", None, 4 * 60, 8 * 60, 3 * 8 * 60, True),
]

# What the "Risky topic" rule hands to the Risk queue; its first version had the first four.
RISKY_INTENTS = ["fraud", "dispute", "lost_card", "hardship", "bereavement", "legal"]

# A lost, stolen or misused card: the customer blocks it with their bank at once, and we
# answer first.
CARD_INTENTS = ["fraud", "lost_card"]
CARD_FIRST_STEP = (
    "Please block your card now: call your bank or card issuer (its emergency number is on "
    "its website and your statements, day and night), or freeze it in your banking app. "
    "Only your bank can block the card itself. What else to do: /help/lost-or-stolen-card/"
)

RULES = [
    {
        "name": "VIP asks for a person",
        "position": 10,
        "tier": "vip",
        "explicit_human_request": True,
        "hand_off": True,
        "set_priority": 4,
        "route_to": "VIP",
        "add_tag": "vip",
        "stop_here": True,
    },
    {
        "name": "Customer asks for a person",
        "position": 20,
        "explicit_human_request": True,
        "hand_off": True,
    },
    {
        "name": "Risky topic",
        "position": 30,
        "intents": RISKY_INTENTS,
        "hand_off": True,
        "set_priority": 3,
        "route_to": "Risk",
        "add_tag": "risk",
    },
    {
        # After "Risky topic": a later rule's priority wins, and a card is urgent.
        "name": "Card lost, stolen or misused",
        "position": 35,
        "intents": CARD_INTENTS,
        "hand_off": True,
        "set_priority": 4,
        "route_to": "Risk",
        "add_tag": "card",
        "first_step": CARD_FIRST_STEP,
    },
    {
        "name": "Strong negative sentiment",
        "position": 40,
        "sentiment_below": -0.6,
        "hand_off": True,
        "add_tag": "upset",
    },
    {
        "name": "Assistant is going in circles",
        "position": 50,
        "min_ai_turns": 4,
        "offer_human": True,
    },
]


def install_defaults(apps=None) -> None:
    """Create the default desk. `apps` is the migration's app registry, if any."""
    if apps is None:
        from django.apps import apps
    Queue = apps.get_model("tickets", "Queue")
    SLAPolicy = apps.get_model("tickets", "SLAPolicy")
    EscalationRule = apps.get_model("tickets", "EscalationRule")

    queues = {}
    for name, description, topics, is_default, auto_assign in QUEUES:
        queues[name], _ = Queue.objects.get_or_create(
            name=name,
            defaults={
                "description": description,
                "topics": topics,
                "is_default": is_default,
                "auto_assign": auto_assign,
            },
        )
    calendar = _install_calendar(apps)
    for name, position, tier, min_priority, first, next_, resolution, in_hours in SLA_POLICIES:
        SLAPolicy.objects.get_or_create(
            name=name,
            defaults={
                "position": position,
                "tier": tier,
                "min_priority": min_priority,
                "first_response_minutes": first,
                "next_response_minutes": next_,
                "resolution_minutes": resolution,
                "calendar": calendar if in_hours else None,
            },
        )
    # An earlier migration's rules lack the fields added since: those are left out.
    known = {field.name for field in EscalationRule._meta.get_fields()}
    for rule in RULES:
        fields = {name: value for name, value in rule.items() if name in known | {"route_to"}}
        route_to = fields.pop("route_to", None)
        fields["route_to"] = queues[route_to] if route_to else None
        EscalationRule.objects.get_or_create(name=fields.pop("name"), defaults=fields)


def _install_calendar(apps):
    BusinessCalendar = apps.get_model("tickets", "BusinessCalendar")
    known = {field.name for field in BusinessCalendar._meta.get_fields()}
    calendar, created = BusinessCalendar.objects.get_or_create(
        name=CALENDAR["name"], defaults={k: v for k, v in CALENDAR.items() if k in known}
    )
    if not created:
        return calendar
    if "opening_hours" in known:
        install_opening_hours(apps, calendar)
    else:
        # Before migration 0014 a calendar had one span for all its workdays, which 0014
        # carries over; it then gives this calendar its own hours (finish_default_calendar).
        calendar.workdays = sorted({weekday for weekday, _, _ in OPENING_HOURS})
        calendar.opens = min(opens for _, opens, _ in OPENING_HOURS)
        calendar.closes = max(closes for _, _, closes in OPENING_HOURS)
        calendar.save()
    return calendar


def install_opening_hours(apps, calendar) -> None:
    OpeningHours = apps.get_model("tickets", "OpeningHours")
    OpeningHours.objects.filter(calendar=calendar).delete()
    for weekday, opens, closes in OPENING_HOURS:
        OpeningHours.objects.create(calendar=calendar, weekday=weekday, opens=opens, closes=closes)


def finish_default_calendar(apps) -> None:
    """For migration 0014: the default calendar that 0002 made on this database (so
    named, and still without a country) gets the default's country and hours."""
    BusinessCalendar = apps.get_model("tickets", "BusinessCalendar")
    calendar = BusinessCalendar.objects.filter(name=CALENDAR["name"], country="").first()
    if calendar is None:
        return
    for field, value in CALENDAR.items():
        setattr(calendar, field, value)
    calendar.save()
    install_opening_hours(apps, calendar)
