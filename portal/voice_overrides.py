"""allauth's strings that the portal rewords, so that its account pages speak the portal's one voice.

allauth has no Latin American Spanish: its Spanish is Spain's, and mixes *tú* with *usted* ("Si no ves el
correo… compruebe su carpeta"); its Brazilian Portuguese leaves some strings in English ("sign in"). The
portal's catalogues win over the packages' (settings.LOCALE_PATHS), so each string named here is translated
there in the portal's voice (docs/language.md). Naming them here keeps them in the catalogues when
`makemessages` runs; nothing imports this module. allauth's e-mails are the portal's own templates
(templates/account/email/), with the portal's own strings.
"""

from django.utils.translation import gettext_noop

ALLAUTH = (
    # Log in and sign up
    gettext_noop("If you have not created an account yet, then please %(link)ssign up%(end_link)s first."),
    gettext_noop("Already have an account? Then please %(link)ssign in%(end_link)s."),
    gettext_noop("Remember Me"),
    gettext_noop("Forgot your password?"),
    gettext_noop("The email address and/or password you specified are not correct."),
    gettext_noop("Too many failed login attempts. Try again later."),
    gettext_noop("Be patient, you are sending too many requests."),
    gettext_noop("Successfully signed in as %(name)s."),
    gettext_noop("You have signed out."),
    # Confirming an e-mail address
    gettext_noop(
        "We have sent an email to you for verification. Follow the link provided to finalize the signup "
        "process. If you do not see the verification email in your main inbox, check your spam folder. "
        "Please contact us if you do not receive the verification email within a few minutes."
    ),
    gettext_noop(
        'This email confirmation link expired or is invalid. Please <a href="%(email_url)s">issue a new '
        "email confirmation request</a>."
    ),
    gettext_noop("Unable to confirm %(email)s because it is already confirmed by a different account."),
    gettext_noop("You have confirmed %(email)s."),
    gettext_noop("Confirmation email sent to %(email)s."),
    # Password reset
    gettext_noop("Password Reset"),
    gettext_noop(
        "Forgotten your password? Enter your email address below, and we'll send you an email allowing you "
        "to reset it."
    ),
    gettext_noop("Please contact us if you have any trouble resetting your password."),
    gettext_noop(
        "We have sent you an email. If you have not received it please check your spam folder. Otherwise "
        "contact us if you do not receive it in a few minutes."
    ),
    gettext_noop("Bad Token"),
    gettext_noop(
        "The password reset link was invalid, possibly because it has already been used.  Please request a "
        '<a href="%(passwd_reset_url)s">new password reset</a>.'
    ),
    # Managing e-mail addresses and confirming access
    gettext_noop("Add Email Address"),
    gettext_noop("Add Email"),
    gettext_noop("Re-send Verification"),
    gettext_noop("Removed email address %(email)s."),
    gettext_noop("Please reauthenticate to safeguard your account."),
    gettext_noop("Enter your password:"),
)
