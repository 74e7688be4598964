"""`make bench`: a national-scale dataset in its own database, each page timed against its
raw-SQL floor and the framework floor (README, "Benchmark"). Not part of `make test`."""
