"""The courses app's screens in the Wagtail admin (registered from courses/wagtail_hooks.py):
`entitlements` lists who may open which item by grant or purchase, grants an item and revokes a grant."""
