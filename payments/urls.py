"""The buyer's addresses (inside the language prefix, before Wagtail's catch-all).

The webhook is not here: Stripe calls it without a language, so the URL root wires it outside i18n_patterns.
"""

from django.urls import path

from . import views

app_name = "payments"
urlpatterns = [
    path("payments/buy/<int:page_id>/", views.buy, name="buy"),
    path("payments/success/", views.success, name="success"),
    path("payments/cancel/<str:reference>/", views.cancel, name="cancel"),
    path("account/purchases/", views.purchases, name="purchases"),
    path("account/purchases/<str:reference>/", views.receipt, name="receipt"),
    path("account/purchases/<str:reference>/receipt.pdf", views.receipt_download, name="receipt_pdf"),
    path("account/purchases/<str:reference>/invoice/", views.invoice, name="invoice"),
    path(
        "account/purchases/<str:reference>/invoice/pdf/",
        views.invoice,
        {"document": "pdf"},
        name="invoice_pdf",
    ),
]
