# peers_spdep.R — R spdep's local Moran with conditional permutations, timed the way bench_autocorr times regio
# (the statistic alone, weights built beforehand). Called by bench/bench_peers.sh:
#   Rscript bench/peers_spdep.R WEIGHTS.gal VALUES.csv R [Ii.csv]
# prints the elapsed seconds of localmoran_perm(x, nb2listw(nb), nsim = R) (spdep's default: one core) and, with a
# fourth argument, writes the analytical Ii there so that the script can check regio gives the same statistic.
args <- commandArgs(TRUE)
suppressPackageStartupMessages(library(spdep))
nb <- read.gal(args[1], override.id = TRUE)
d <- read.csv(args[2], colClasses = c("character", "numeric"))
ids <- attr(nb, "region.id")
x <- d$value[match(ids, d$id)]
lw <- nb2listw(nb, zero.policy = TRUE)
R <- as.integer(args[3])
t <- system.time(lm <- localmoran_perm(x, lw, nsim = R, zero.policy = TRUE, iseed = 1))[["elapsed"]]
cat(sprintf("%.3f\n", t))
if (length(args) > 3) write.csv(data.frame(id = ids, Ii = sprintf("%.17g", lm[, 1])), args[4], row.names = FALSE)
