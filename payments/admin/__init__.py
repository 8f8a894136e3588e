"""The payments app's screens in the Wagtail admin (registered from payments/wagtail_hooks.py).

- `orders`: the orders listing (filters, flagged orders marked) and an order's page with its Stripe events,
  refunds, entitlement and audit log;
- `refund`: the refund screen, where the coordinator confirms a refund that `payments.refunds.refund_order`
  carries out;
- `sales`: the sales report in the Reports menu, with its chart and CSV (numbers from payments/reports.py);
- `filters`, `forms`: the listing's filters and the refund form;
- `dashboard`: the admin home page's panel of what Stripe has refused for good lately.

Orders are records: nobody adds, edits or deletes one in the admin (see the permission policy in
wagtail_hooks). Reading them is `payments.view_order`; refunding is `payments.refund_order`.
"""
