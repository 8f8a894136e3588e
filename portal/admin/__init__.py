"""The coordinators' screens in the Wagtail admin (registered from portal/wagtail_hooks.py).

- `access_requests`: the authorisation requests, their inspect page and the decision forms;
- `bulk_actions`: approve or reject many requests at once;
- `network`: organisations, memberships (with their confirmation) and partner domains;
- `dashboard`: the pending-requests panel on the admin home page;
- `views`, `forms`, `filters`, `permissions`: what those share (the service form page, the forms, the
  listing filters, the permission policy that keeps the records of decisions from being deleted).

Every change of state goes through `portal.services`, which validates, logs and sends the e-mails.
"""
