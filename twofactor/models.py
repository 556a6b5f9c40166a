from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice


class Authenticator(TOTPDevice):
    """A staff member's authenticator app as the admin shows it: never its key, and
    only supervisors and superusers may reset it (`reset_authenticator`)."""

    class Meta:
        proxy = True
        verbose_name = _("authenticator app")
        verbose_name_plural = _("authenticator apps")
        default_permissions = ["view"]
        permissions = [("reset_authenticator", "Can reset a staff member's second factor")]


# The fields are django-otp's (TOTPDevice's), named and explained in English only: the
# admin shows them translated. Each help text is django-otp's own, word for word (a
# different one would be a change to its model that `makemigrations --check` reports);
# only what is shown changes, never a field option.
FIELD_LABELS = {
    "user": (_("user"), _("The user that this device belongs to.")),
    "name": (_("name"), _("The human-readable name of this device.")),
    "confirmed": (_("confirmed"), _("Is this device ready for use?")),
    "throttling_failure_timestamp": (
        _("throttling failure timestamp"),
        _("A timestamp of the last failed verification attempt. Null if last attempt succeeded."),
    ),
    "throttling_failure_count": (
        _("throttling failure count"),
        _("Number of successive failed attempts."),
    ),
    "created_at": (
        _("created at"),
        _("The date and time when this device was initially created in the system."),
    ),
    "last_used_at": (
        _("last used at"),
        _("The most recent date and time this device was used."),
    ),
    "key": (_("key"), _("A hex-encoded secret key of up to 40 bytes.")),
    "step": (_("step"), _("The time step in seconds.")),
    "t0": (_("t0"), _("The Unix time at which to begin counting steps.")),
    "digits": (_("digits"), _("The number of digits to expect in a token.")),
    "tolerance": (_("tolerance"), _("The number of time steps in the past or future to allow.")),
    "drift": (
        _("drift"),
        _("The number of time steps the prover is known to deviate from our clock."),
    ),
    "last_t": (
        _("last t"),
        _(
            "The t value of the latest verified token. "
            "The next token must be at a higher time step."
        ),
    ),
}
for _name, (_label, _help_text) in FIELD_LABELS.items():
    _field = TOTPDevice._meta.get_field(_name)
    _field.verbose_name = _label
    _field.help_text = _help_text
