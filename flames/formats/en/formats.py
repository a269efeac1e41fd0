# Day-first dates and a 24-hour clock: the series is broadcast from Kyiv to readers worldwide.
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
SHORT_DATE_FORMAT = "d.m.Y"
