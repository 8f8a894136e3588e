"""Accounts: the user model, how people sign up and sign in (django-allauth, e-mail as the login, or a login
name for members without e-mail) and the limits on failed attempts."""

from django.urls import reverse_lazy

AUTH_USER_MODEL = "portal.User"
# Django's and allauth's, each reading a request's user with the access policy's facts (one query).
AUTHENTICATION_BACKENDS = [
    "courses.access.auth_backends.ModelBackend",
    "courses.access.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
        # A password like one's name, e-mail address or login name (a phone number, often) is refused.
        "OPTIONS": {"user_attributes": ("email", "full_name", "login_name", "first_name", "last_name")},
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
# The home page in the language of the page the visitor signed in or out on (worked out per request), not
# "/", which would pick a language from the browser's and could switch a Spanish reader to English.
LOGIN_REDIRECT_URL = LOGOUT_REDIRECT_URL = reverse_lazy("wagtail_serve", args=[""])

# django-allauth: e-mail is the login, and it must be verified before the account is used. Members without
# e-mail sign in with a login name instead (a user name or a phone number, given by their organisation's
# manager: portal/login_names.py), which allauth reads as its username; nobody signs up with one.
ACCOUNT_USER_MODEL_USERNAME_FIELD = "login_name"
ACCOUNT_LOGIN_METHODS = {"email", "username"}
ACCOUNT_PRESERVE_USERNAME_CASING = False  # login names are stored in lower case: found by the unique index
ACCOUNT_USER_DISPLAY = "portal.account_adapter.user_display"
ACCOUNT_FORMS = {"login": "portal.member_account_forms.LoginForm"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_SIGNUP_FORM_CLASS = "portal.forms.SignupForm"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "Cla@se · "
ACCOUNT_ADAPTER = "portal.account_adapter.AccountAdapter"  # the portal's name and address in its e-mails
# Failed logins are throttled per IP and per account (allauth's rate limits, backed by the cache); the
# portal's own forms that anyone may send are counted the same way (docs/security.md).
ACCOUNT_RATE_LIMITS = {
    "contact": "10/h/ip,5/h/key",  # messages from the contact page, per address and per e-mail typed
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/h/ip",
    "reset_password": "20/m/ip,5/m/key",
}
