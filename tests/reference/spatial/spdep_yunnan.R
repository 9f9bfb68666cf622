# spdep_yunnan.R — how tests/reference/spatial/expected/T12_yunnan_urban_2020_spdep.csv was made (once, with
# R 4.2.2 and spdep 1.2-7 from Debian 12: apt-get install r-cran-spdep; R is not needed to run the tests).
# Input: the 129 Yunnan counties' 2020 census urbanisation (data/yunnan/observations/census2020_population.csv,
# copied to tests/reference/spatial/data/yunnan_urban_2020.csv) and the shipped queen contiguity
# data/yunnan/boundaries/county_queen.gal. Run from the source directory:
#   Rscript tests/reference/spatial/spdep_yunnan.R > tests/reference/spatial/expected/T12_yunnan_urban_2020_spdep.csv
suppressPackageStartupMessages(library(spdep))
nb <- read.gal("data/yunnan/boundaries/county_queen.gal", override.id = TRUE)
d <- read.csv("tests/reference/spatial/data/yunnan_urban_2020.csv", colClasses = c("character", "numeric"))
ids <- attr(nb, "region.id")
x <- d$urban_rate[match(ids, d$id)]
lw <- nb2listw(nb)                                   # row-standardised (style W)
gstar <- as.numeric(localG(x, nb2listw(include.self(nb))))  # Gi*: the unit in its own row, then standardised
gi <- as.numeric(localG(x, lw))                      # Gi
lag <- lag.listw(lw, x)                              # the lag of the value
lm <- localmoran(x, lw)                              # Ii (mlvar = TRUE: Anselin's scale)
I <- moran(x, lw, length(nb), Szero(lw))$I
cat("id,gstar_z,gi_z,lag,Ii,moran_I\n")
cat(sprintf("%s,%.17g,%.17g,%.17g,%.17g,%.17g\n", ids, gstar, gi, lag, lm[, 1], I), sep = "")
