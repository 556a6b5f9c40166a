from django_otp.plugins.otp_totp.models import TOTPDevice


class Authenticator(TOTPDevice):
    """A staff member's authenticator app as the admin shows it: never its key, and
    only supervisors and superusers may reset it (`reset_authenticator`)."""

    class Meta:
        proxy = True
        verbose_name = "authenticator app"
        default_permissions = ["view"]
        permissions = [("reset_authenticator", "Can reset a staff member's second factor")]
