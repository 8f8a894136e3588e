# English: "December 7, 2026", "December 7, 2026, 18:01" (the 24-hour clock, as the network's other two
# languages write it), tables "Dec 7, 2026": the month named, since readers on both sides of the Atlantic
# read "07/12/2026" differently.
DATE_FORMAT = "F j, Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "F j, Y, H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "F j"
SHORT_DATE_FORMAT = "M j, Y"
SHORT_DATETIME_FORMAT = "M j, Y, H:i"
