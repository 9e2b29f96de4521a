"""``prsite bench``: build-time benchmarks on synthetic corpora."""
