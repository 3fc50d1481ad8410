# One date format per purpose (docs/istilah.md): pages show "14 Juni 2024" and "14 Juni 2024
# 09.30"; date inputs use ISO (YYYY-MM-DD), which their widgets set themselves.
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y H.i"
SHORT_DATE_FORMAT = "j F Y"
SHORT_DATETIME_FORMAT = "j F Y H.i"
TIME_FORMAT = "H.i"
