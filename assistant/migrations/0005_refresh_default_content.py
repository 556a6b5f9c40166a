"""The default intents and help keywords of this version: the intents the triage now
knows (balances, returns, account details, VIP, bereavement, legal matters, requests
to act on the account, off-topic messages) with many more examples, and the words
customers use for each article. Defaults that staff edited are left as they are."""

from django.db import migrations

# The fingerprints (assistant.defaults.fingerprint) of what 0002 installed.
INSTALLED = {
    "intents": {
        "payment_status": "0330e9caeee154d6", "next_payment": "9022a0dc75621378",
        "refund_status": "61d5fd5455908b43", "purchases": "60c6b2fd5e98486f",
        "how_to_pay": "21cfc61bb9356206", "fees": "aef66fd1ff75d51e",
        "change_payment_date": "4614356fca46ff2d", "greeting": "872850b6c34c1701",
        "thanks": "b10e1150310fdc3f", "goodbye": "26974fdebf2e48be",
        "fraud": "6c933595f78af8f5", "dispute": "5f21635cdd867f49",
        "lost_card": "5cfd4f7bd0039df3", "hardship": "bdd9d02feaf254ea",
        "complaint": "8183b8a0a40d1d22", "human_agent": "8ecc724560761cac",
    },
    "articles": {
        "how-instalments-work": "ad34c4a493d7d3ed", "how-to-pay": "e6125d63c7fa3221",
        "change-payment-date": "47c12569123bd2c0", "late-or-failed-payments": "7af6d7e34a7d5087",
        "refunds": "444aa56522c6cf90", "returns": "2bddde52db454d5a",
        "disputes": "d8ff773d648cdcb7", "lost-or-stolen-card": "030ae3b28d1e066d",
        "suspected-fraud": "b197ca577fbaa422", "financial-difficulty": "ae980f0f29147c8b",
        "update-your-details": "2db8a3caf3e63bab", "close-your-account": "f0a55c998a73ece1",
        "complaints": "d609d5e8ca68e22d", "talk-to-a-human": "fe454a05eafb19cf",
        "vip": "d7457030dd96c984",
    },
}  # fmt: skip


def refresh(apps, schema_editor):
    from assistant.defaults import refresh_defaults

    refresh_defaults(apps, INSTALLED)


class Migration(migrations.Migration):
    dependencies = [("assistant", "0004_turn_outcomes")]

    operations = [migrations.RunPython(refresh, migrations.RunPython.noop)]
