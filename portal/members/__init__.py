"""An organisation's members as its managers run them from "My organisation": the list, invitations by
e-mail (and their acceptance), spreadsheet imports, and ending a membership.

- `services.py`: what changes state (invite, send again, cancel, accept, end a membership), with its rules.
- `spreadsheets.py`: reading a CSV or XLSX file of members, and writing its template.
- `importing.py`: what a spreadsheet would do, row by row (the preview), and doing it (the import).
- `tasks.py`: the invitation e-mails and the import, in the background.
- `acceptance.py`: the invited person's side: the invitation's page, signing up or in, accepting.
- `views.py`, `import_views.py`, `forms.py`: the managers' screens.

Who may open the managers' screens is decided in portal/managing.py alone.
"""
