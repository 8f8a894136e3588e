"""Signing in with a card: a member without e-mail types their login name and the card's code, then must
choose a password before going anywhere; with it, the code stops working and they are signed in (allauth's
own sign-in, so its steps and signals run as for anyone) and land on "My learning".

Between the two steps the session remembers which card was opened, for a quarter of an hour: a member who
leaves before choosing a password keeps a working card.
"""

import datetime

from allauth.account.forms import SetPasswordForm
from allauth.account.utils import perform_login
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from . import login_names, member_accounts, sign_in_cards
from .member_account_forms import CardSignInForm
from .models import SignInCard
from .views import add_service_errors, private

OPENED_CARD = "opened_sign_in_card"  # session: {"card": id, "until": ISO time}
STEP_TIME = datetime.timedelta(minutes=15)


@private
@require_http_methods(["GET", "POST"])
def card_sign_in(request):
    form = CardSignInForm(request.POST or None, initial={"login": request.GET.get("login", "")})
    if request.method == "POST" and form.is_valid():
        try:
            typed = form.cleaned_data
            card = sign_in_cards.card_for(request, login_name=typed["login"], code=typed["code"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            until = (timezone.now() + STEP_TIME).isoformat()
            request.session[OPENED_CARD] = {"card": card.pk, "until": until}
            return redirect("portal:card_password")
    return render(
        request, "portal/card_sign_in.html", {"page_title": _("Sign in with your card"), "form": form}
    )


@private
@require_http_methods(["GET", "POST"])
def card_password(request):
    card = _opened_card(request)
    if card is None:
        messages.warning(request, _("Type your user name and the code of your card again."))
        return redirect("portal:card_sign_in")
    # allauth's form for a new password: the portal's password rules, the password typed twice.
    form = SetPasswordForm(user=card.user, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = member_accounts.sign_in_card_use(card=card, password=form.cleaned_data["password1"])
        except ValidationError as error:
            request.session.pop(OPENED_CARD, None)
            messages.error(request, error.messages[0])
            return redirect("portal:card_sign_in")
        request.session.pop(OPENED_CARD, None)
        messages.success(
            request,
            _("Your password is saved. Next time, sign in with %(login)s and this password.")
            % {"login": login_names.display(user.login_name)},
        )
        return perform_login(request, user, redirect_url=reverse("courses:my_learning"))
    context = {
        "page_title": _("Choose your password"),
        "form": form,
        "member": card.user,
        "login_name": login_names.display(card.user.login_name),
    }
    return render(request, "portal/card_password.html", context)


def _opened_card(request) -> SignInCard | None:
    """The card opened in this session a moment ago, if it still works."""
    opened = request.session.get(OPENED_CARD) or {}
    try:
        until = datetime.datetime.fromisoformat(opened["until"])
    except (KeyError, TypeError, ValueError):
        return None
    if until < timezone.now():
        return None
    card = SignInCard.objects.select_related("user").filter(pk=opened.get("card")).first()
    if card is None or sign_in_cards.card_problem(card) is not None:
        return None
    return card
