"""The manager's screens for members without e-mail, under "My organisation": create the account, print its
sign-in card, print a new card. Who may open them is decided in portal/managing.py (`organisation_view`);
whose card may be printed, in portal/sign_in_cards.py (`card_holders`).

A card's code is kept only as a hash. So that the manager can print it (and print it again if the printer
jams), the code stays in the manager's own session, for the card just issued, while that card works and for
at most a day; after that, printing means issuing a new card, which replaces the old one.
"""

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from . import login_names, member_accounts, sign_in_cards
from .managing import organisation_view
from .member_account_forms import NewMemberForm
from .models import MemberImport, Membership, SignInCard
from .views import add_service_errors

FRESH_CARDS = "fresh_sign_in_cards"  # session: {card id: code} of the cards this manager just issued
PRINTABLE_FOR = datetime.timedelta(days=1)


@organisation_view
@require_http_methods(["GET", "POST"])
def organisation_new_member(request, organisation):
    form = NewMemberForm(
        request.POST or None,
        organisation=organisation,
        initial={"language": (get_language() or "es")[:2], "role": Membership.Role.MEMBER},
    )
    if request.method == "POST" and form.is_valid():
        try:
            membership, card, code = member_accounts.member_account_create(
                organisation=organisation, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            _remember(request, card, code)
            messages.success(
                request,
                _("The account of %(name)s is ready. Print the sign-in card and give it to them.")
                % {"name": membership.user.get_full_name()},
            )
            return redirect("portal:organisation_member_card", organisation.pk, membership.pk)
    context = {
        "page_title": _("New member without e-mail"),
        "organisation": organisation,
        "section": "members",
        "form": form,
        "fresh_count": len(_fresh(request, organisation)),
    }
    return render(request, "portal/organisation/new_member.html", context)


@organisation_view
@require_http_methods(["GET", "POST"])
def organisation_member_card(request, organisation, membership_id):
    """The member's card, printable while its code is fresh in this session; else a button for a new one."""
    membership = get_object_or_404(
        sign_in_cards.card_holders(organisation).select_related("user"), pk=membership_id
    )
    if request.method == "POST":
        card, code = member_accounts.sign_in_card_issue(membership=membership, by=request.user)
        _remember(request, card, code)
        messages.success(request, _("New card ready: the code of the previous card no longer works."))
        return redirect("portal:organisation_member_card", organisation.pk, membership.pk)
    fresh = _fresh(request, organisation)
    context = {
        "page_title": _("Sign-in card"),
        "organisation": organisation,
        "section": "members",
        "membership": membership,
        "login_name": login_names.display(membership.user.login_name),
        "cards": [
            sign_in_cards.printed_card(card, code, organisation)
            for card, code in fresh
            if card.user_id == membership.user_id
        ],
        "last_card": SignInCard.objects.filter(user=membership.user).first(),
        "fresh_count": len(fresh),
    }
    return render(request, "portal/organisation/card.html", context)


@organisation_view
@require_http_methods(["GET"])
def organisation_new_cards(request, organisation):
    """Every card issued in this session for the organisation and still fresh, four to an A4 sheet."""
    context = {
        "page_title": _("New sign-in cards"),
        "organisation": organisation,
        "section": "members",
        "cards": [
            sign_in_cards.printed_card(card, code, organisation)
            for card, code in _fresh(request, organisation)
        ],
    }
    return render(request, "portal/organisation/cards.html", context)


@organisation_view
@require_POST
def organisation_import_cards(request, organisation, import_id):
    """Cards for the members without e-mail an import made (those who have not signed in yet), to print."""
    member_import = get_object_or_404(MemberImport, pk=import_id, organisation=organisation)
    issued = member_accounts.sign_in_cards_issue_for_import(member_import=member_import, by=request.user)
    for card, code in issued:
        _remember(request, card, code)
    if not issued:
        messages.info(request, _("Every member this import created has already signed in: no card to print."))
        return redirect("portal:organisation_member_import_detail", organisation.pk, member_import.pk)
    return redirect("portal:organisation_new_cards", organisation.pk)


def _remember(request, card: SignInCard, code: str) -> None:
    fresh = dict(request.session.get(FRESH_CARDS, {}))
    fresh[str(card.pk)] = code
    request.session[FRESH_CARDS] = fresh


def _fresh(request, organisation) -> list[tuple[SignInCard, str]]:
    """The cards of the organisation issued in this session whose code may still be printed, with their
    codes, oldest first; the session forgets the codes of cards that no longer work or are a day old."""
    kept = dict(request.session.get(FRESH_CARDS, {}))
    now = timezone.now()
    working = SignInCard.objects.open().filter(
        pk__in=[int(pk) for pk in kept], issued_at__gt=now - PRINTABLE_FOR, expires_at__gt=now
    )
    still = {str(pk) for pk in working.values_list("pk", flat=True)}
    if still != set(kept):
        request.session[FRESH_CARDS] = {pk: code for pk, code in kept.items() if pk in still}
    holders = sign_in_cards.card_holders(organisation).values("user")
    cards = working.filter(user__in=holders).select_related("user").order_by("issued_at")
    return [(card, kept[str(card.pk)]) for card in cards]
