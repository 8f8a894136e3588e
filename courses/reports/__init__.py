"""The licensing reports' numbers: what happened to each contributor's and each licence's items in a period.

Coordinators read them in the admin's "Reports" menu (the screens are in courses/admin/reports/) and hand
them to partners as CSV; payments reads the period, the revenue contract and the item credits for its sales
report. Pure reads returning plain dataclasses. Each report costs a fixed number of queries whatever the
number of items, downloads and months: the database counts the downloads (grouped by item, month, country
or version, and audience); items are read once per page type.

One module per report, and one for each piece they share:
- `contributors`: every contributor (the overview), and one contributor's report.
- `licences`: every licence (the overview), and one licence's report.
- `period`: the period a report covers, its bounds and its months.
- `months`: downloads by month, a series with every month of the period.
- `figures`: what is added up (downloads by audience, money by currency).
- `revenue`: the extension point through which payments adds revenue, and the share due on it.
- `items`: the items counted (every language version of a course or material together), and their credits.
- `overview`: the shape of an overview; `detail`: what one contributor's and one licence's reports share.

What is counted:
- An item is a course or a material whatever its language versions (pages sharing a translation key):
  it counts once. The items counted and listed are those published today; downloads count for every
  item, published today or not.
- A contributor's downloads are those of the materials it is credited on today, in any language version;
  a licence's downloads are those handed out under one of its versions (each download records the version
  in force at the time), whatever licence the item has today.
- Who downloaded (member, external user, visitor) and their country are as recorded at the time.

Revenue comes from sources that other apps register (payments; courses never imports them): see
`revenue.register_revenue_source`.
"""
