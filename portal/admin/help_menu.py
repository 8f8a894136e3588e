"""The admin's Help menu in each person's language.

Wagtail builds its menu items once per process and keeps them; the "What's new in Wagtail 8.0" item has its
label translated at that moment (a formatted string, not a lazy one), so everyone got the language of
whoever opened the admin first: a Portuguese coordinator read "Novedades de Wagtail 8.0". Each request gets
that item made anew by Wagtail's own hook, in the request's language (the kept one is shared: untouched)."""

from wagtail.admin.wagtail_hooks import register_whats_new_in_wagtail_version_menu_item as whats_new_item

WHATS_NEW_PREFIX = "whats-new-in-wagtail-"  # the item's name in Wagtail's hooks


def help_menu_in_request_language(request, menu_items: list) -> None:
    for index, item in enumerate(menu_items):
        if item.name.startswith(WHATS_NEW_PREFIX):
            menu_items[index] = whats_new_item()
