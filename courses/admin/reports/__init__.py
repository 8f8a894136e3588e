"""The licensing reports in the admin ("Reports" menu), registered from courses/wagtail_hooks.py.

Coordinators show these to a partner, so they read like a statement: what the period is, what is counted
and how (in the page's help text), and a CSV with the same tables that Excel opens with accents intact.
The numbers come from courses/reports/.

One module per report screen, and one for each piece they share:
- `contributors`: "Licensing: contributors", every contributor, and one contributor's report.
- `licences`: "Licensing: licences", every licence, and one licence's report.
- `overview`, `detail`: what the two overviews share, and what the two reports of one contributor or
  licence share (their tables on screen and in the CSV).
- `screen`: who may read the reports, and the view every report screen is made from (payments' sales
  report too): the period from the GET form, the CSV export.
- `period_filter`: the period form, its presets and its query string.
- `month_chart`: the geometry of a month chart (templates/includes/month_chart.html draws it).
- `columns`: the columns of downloads and money, and the CSV's file name.
- `urls`: the addresses.
"""
