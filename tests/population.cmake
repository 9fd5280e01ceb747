# Populations, demand, zones and travel: rates, counts against the
# integrated rate, travel per visit, access shares, diagnostics.
sf_test(test_population test_population.c)
