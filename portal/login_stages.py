"""The portal's steps in allauth's sign-in (named by portal/account_adapter.py, imported by allauth when it
signs someone in)."""

# allauth's stages module can only be imported once its sign-in flows are loaded (they import each other).
from allauth.account.internal import flows  # noqa: F401
from allauth.account.stages import EmailVerificationStage


class VouchedOrVerifiedEmailStage(EmailVerificationStage):
    """allauth's step that stops a sign-in until the e-mail address is confirmed, except for an account a
    manager vouched for: it has no address to confirm, and the vouching stands for one (as in the access
    policy)."""

    def handle(self):
        if getattr(self.login.user, "vouched", False):
            return None, True
        return super().handle()
