"""One function per metric group: each runs ONE aggregate query for a partnership and period and
returns plain data. MetricContext caches them, so a page of metrics costs a constant number of
queries whatever the size of the register."""
