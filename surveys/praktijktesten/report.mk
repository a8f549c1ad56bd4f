# The praktijktesten report has a housing chapter that reads the newcomers consultation's published
# estimates: rebuild it when those change (included from the Makefile).
reports/praktijktesten/praktijktesten.html: processed/nieuwkomers_wonen/estimates.csv
