# The calendar: dates against gmtime, periods and t = 0 by hand, the
# engine's weekday, and every calendar diagnostic.
sf_test(test_calendar test_calendar.c)
