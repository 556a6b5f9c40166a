"""Erase a customer's data now: a request that came by letter, phone or email, or
one a supervisor decided. The same erasure as an approved request from the account
page (privacy.services), recorded the same way."""

from django.core.management.base import BaseCommand, CommandError

from accounts.models import User, normalize_email
from privacy.services import ErasureError, customer_erase


class Command(BaseCommand):
    help = "Erase a customer's personal data (right to erasure). Cannot be undone."

    def add_arguments(self, parser):
        parser.add_argument("email", help="The customer's email address.")
        parser.add_argument(
            "--by", metavar="STAFF_EMAIL",
            help="The staff member who decided it, recorded on the erasure.",
        )  # fmt: skip

    def handle(self, *args, email, by=None, **options):
        customer = User.objects.filter(email=normalize_email(email)).first()
        if customer is None:
            # Run twice, the second run lands here: an erased account has no email.
            self.stdout.write("No account has this email: nothing to erase.")
            return
        decided_by = None
        if by:
            decided_by = User.objects.filter(email=normalize_email(by), is_staff=True).first()
            if decided_by is None:
                raise CommandError(f"--by: no staff member has the email {by}.")
        try:
            request = customer_erase(customer=customer, by=decided_by)
        except ErasureError as refusal:
            raise CommandError(str(refusal)) from None
        self.stdout.write(f"Erased customer #{customer.pk} (erasure request #{request.pk}).")
